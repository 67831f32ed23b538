using GatedLif.Layers;
using GatedLif.Layers.Convolutions;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Models.Blocks;

/// <summary>
/// The CIFAR10-DVS models' unit (the reference's <c>conv3x3</c>, <c>conv3x3_GLIF</c>, <c>conv1x1_vanillaLIF</c>, ...):
/// <c>[time-distributed (bias-free Conv2d, plain BatchNorm2d), neuron]</c>, keys <c>0.0.weight</c>,
/// <c>0.1.*</c> and <c>1.*</c>. Conv and BatchNorm keep PyTorch's default initialisation. Its output is spikes;
/// <c>input</c> says what it reads, when spikes.
/// </summary>
public static class ConvBnSpike
{
    public static nn.Module<Tensor, Tensor> Create(
        int inChannels,
        int outChannels,
        int kernel,
        NeuronFactory neuron,
        SpikeInput? input
    ) => nn.Sequential(("0", ConvBatchNorm(inChannels, outChannels, kernel, input)), ("1", neuron(outChannels)));

    /// <summary>The time-distributed (conv, BatchNorm2d) pair alone, "same" padding, keys <c>0.weight</c>,
    /// <c>1.*</c>.</summary>
    public static TimeDistributed ConvBatchNorm(int inChannels, int outChannels, int kernel, SpikeInput? input) =>
        ConvBn.Create(inChannels, outChannels, kernel, norm: NormLayers.BatchNorm2d, input: input);
}
