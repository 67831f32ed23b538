using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Models.Blocks;

/// <summary>
/// Builds the batch norm that follows a convolution, for its channel count and tdBN's α (1/√2 on a branch that is
/// summed with another; a norm without α ignores it). Networks take one, as torchvision's ResNet takes
/// <c>norm_layer</c>, instead of a flag passed down through every block.
/// </summary>
public delegate nn.Module<Tensor, Tensor> NormLayer(int channels, double alpha);
