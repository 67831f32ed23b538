using GatedLif.Layers;
using GatedLif.Layers.Convolutions;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Models.Blocks;

/// <summary>
/// The reference's CIFAR and ImageNet <c>BasicBlock</c>, a spiking residual block that carries spikes along its
/// shortcut: <c>y = lif(body(x) + downsample(x))</c> with
/// <c>body = [conv-bn 3x3 (stride), neuron, conv-bn 3x3 (α = 1/√2)]</c>. The shortcut is a lone tdBN
/// (α = 1/√2) when shape is kept, else a 1x1 strided conv-bn. Its input and its body's neuron give spikes, so
/// all three convolutions read spikes.
/// </summary>
public sealed class SpikeShortcutBlock : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> body,
        downsample,
        lif;

    /// <summary>This block as a stage's <see cref="ResidualBlock"/>.</summary>
    public static readonly ResidualBlock Factory = (neurons, norm, inChannels, outChannels, stride) =>
        new SpikeShortcutBlock(neurons, norm, inChannels, outChannels, stride);

    public SpikeShortcutBlock(NeuronFactory neurons, NormLayer norm, int inChannels, int outChannels, int stride)
        : base(nameof(SpikeShortcutBlock))
    {
        body = nn.Sequential(
            ("0", ConvBn.Create(inChannels, outChannels, 3, stride, norm: norm, input: SpikeInput.Binary)),
            ("1", neurons(outChannels)),
            (
                "2",
                ConvBn.Create(
                    outChannels,
                    outChannels,
                    3,
                    1,
                    bnAlpha: ConvBn.ResidualAlpha,
                    norm: norm,
                    input: SpikeInput.Binary
                )
            )
        );
        downsample = Shortcut(inChannels, outChannels, stride, norm, SpikeInput.Binary);
        lif = neurons(outChannels);
        register_module(nameof(body), body);
        register_module(nameof(downsample), downsample);
        register_module(nameof(lif), lif);
    }

    /// <summary>The reference's residual shortcut, shared by every block type; <paramref name="input"/> is what
    /// the block's input is, when spikes.</summary>
    public static nn.Module<Tensor, Tensor> Shortcut(
        int inChannels,
        int outChannels,
        int stride,
        NormLayer norm,
        SpikeInput? input
    )
    {
        if (inChannels == outChannels && stride == 1)
            return new TimeDistributed(norm(outChannels, ConvBn.ResidualAlpha));
        return nn.Sequential(
            ("0", ConvBn.Create(inChannels, outChannels, 1, stride, 0, ConvBn.ResidualAlpha, norm, input))
        );
    }

    public override Tensor forward(Tensor x)
    {
        using var main = body.call(x);
        using var identity = downsample.call(x);
        using var sum = main + identity;
        return lif.call(sum);
    }
}
