using GatedLif.Layers.Convolutions;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Models.Blocks;

/// <summary>
/// Spike-element-wise residual block (the reference's DVS <c>SEWBlock</c>, <c>SEWBlock_GLIF</c>,
/// <c>SEWBlock_vanillaLIF</c>): <c>conv = [conv3x3-bn-spike(c→mid), conv3x3-bn-spike(mid→c)]</c>, output
/// <c>cnf(conv(x), x)</c>. The block's input is marked with what it is (<c>input</c>, null when not spikes); its
/// second convolution reads the first one's spikes.
/// </summary>
public sealed class SewBlock : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> conv;
    private readonly ConnectFunction _connect;

    public SewBlock(int channels, int midChannels, ConnectFunction connect, NeuronFactory neuron, SpikeInput? input)
        : base(nameof(SewBlock))
    {
        _connect = connect;
        conv = Branch(channels, midChannels, neuron, input);
        register_module(nameof(conv), conv);
    }

    /// <summary>The residual branch, which <see cref="PlainBlock"/> runs without a shortcut; its output is
    /// spikes.</summary>
    public static nn.Module<Tensor, Tensor> Branch(
        int channels,
        int midChannels,
        NeuronFactory neuron,
        SpikeInput? input
    ) =>
        nn.Sequential(
            ("0", ConvBnSpike.Create(channels, midChannels, 3, neuron, input)),
            ("1", ConvBnSpike.Create(midChannels, channels, 3, neuron, SpikeInput.Binary))
        );

    /// <summary>What the block gives for an input of <paramref name="input"/> (null: not spikes): ADD sums spikes;
    /// AND and IAND multiply the input by spikes (or their complement), so they keep its kind.</summary>
    public static SpikeInput? Output(ConnectFunction connect, SpikeInput? input) =>
        connect == ConnectFunction.ADD && input is not null ? SpikeInput.NonNegative : input;

    public override Tensor forward(Tensor x)
    {
        using var branch = conv.call(x);
        return _connect.Join(branch, x);
    }
}
