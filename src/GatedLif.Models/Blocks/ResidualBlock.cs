using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Models.Blocks;

/// <summary>
/// Builds one block of a spiking ResNet stage (torchvision's <c>block</c> argument): the stage's neurons and batch
/// norm, its channels in and out, and the stride of its first convolution.
/// </summary>
public delegate nn.Module<Tensor, Tensor> ResidualBlock(
    NeuronFactory neurons,
    NormLayer norm,
    int inChannels,
    int outChannels,
    int stride
);
