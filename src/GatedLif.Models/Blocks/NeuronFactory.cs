using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Models.Blocks;

/// <summary>
/// Builds a network's spiking layer for a channel count: the one way every network (CIFAR, ImageNet and
/// CIFAR10-DVS alike) is given its neurons, so a network never names a neuron type.
/// </summary>
public delegate nn.Module<Tensor, Tensor> NeuronFactory(int channels);
