using GatedLif.Layers.Convolutions;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Models.Blocks;

/// <summary>
/// The reference's DVS <c>PlainBlock</c>: a <see cref="SewBlock"/>'s branch with no shortcut,
/// <c>conv = [conv3x3-bn-spike(c→mid), conv3x3-bn-spike(mid→c)]</c>, keys <c>conv.0.*</c> and <c>conv.1.*</c>.
/// Its output is spikes.
/// </summary>
public static class PlainBlock
{
    public static nn.Module<Tensor, Tensor> Create(
        int channels,
        int midChannels,
        NeuronFactory neuron,
        SpikeInput? input
    ) => nn.Sequential(("conv", SewBlock.Branch(channels, midChannels, neuron, input)));
}
