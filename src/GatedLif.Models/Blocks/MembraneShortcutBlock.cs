using GatedLif.Layers.Convolutions;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Models.Blocks;

/// <summary>
/// Membrane-shortcut block of the ImageNet MS ResNets (the reference's <c>BasicBlock_CW_MS</c>):
/// <c>y = body(x) + downsample(x)</c> with <c>body = [neuron(in), conv-bn 3x3 (stride), neuron(out), conv-bn 3x3 (α =
/// 1/√2)]</c> and no neuron after the sum, so membrane potentials, not spikes, travel along the shortcut: the body's
/// convolutions read spikes, the shortcut's does not.
/// </summary>
public sealed class MembraneShortcutBlock : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> body,
        downsample;

    /// <summary>This block as a stage's <see cref="ResidualBlock"/>.</summary>
    public static readonly ResidualBlock Factory = (neurons, norm, inChannels, outChannels, stride) =>
        new MembraneShortcutBlock(neurons, norm, inChannels, outChannels, stride);

    public MembraneShortcutBlock(NeuronFactory neurons, NormLayer norm, int inChannels, int outChannels, int stride)
        : base(nameof(MembraneShortcutBlock))
    {
        body = nn.Sequential(
            ("0", neurons(inChannels)),
            ("1", ConvBn.Create(inChannels, outChannels, 3, stride, norm: norm, input: SpikeInput.Binary)),
            ("2", neurons(outChannels)),
            (
                "3",
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
        downsample = SpikeShortcutBlock.Shortcut(inChannels, outChannels, stride, norm, input: null);
        register_module(nameof(body), body);
        register_module(nameof(downsample), downsample);
    }

    public override Tensor forward(Tensor x)
    {
        using var main = body.call(x);
        using var identity = downsample.call(x);
        return main + identity;
    }
}
