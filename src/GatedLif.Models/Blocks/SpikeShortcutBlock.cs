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
    private readonly nn.Module<Tensor, Tensor> body, downsample, lif;

    public SpikeShortcutBlock(NeuronFactory neurons, int inChannels, int outChannels, int stride, bool plainBn = false)
        : base(nameof(SpikeShortcutBlock))
    {
        body = nn.Sequential(
            ("0", ConvBn.Create(inChannels, outChannels, 3, stride, plainBn: plainBn, input: SpikeInput.Binary)),
            ("1", neurons.Create(outChannels)),
            ("2", ConvBn.Create(outChannels, outChannels, 3, 1, bnAlpha: ConvBn.ResidualAlpha, plainBn: plainBn,
                input: SpikeInput.Binary)));
        downsample = Shortcut(inChannels, outChannels, stride, plainBn, SpikeInput.Binary);
        lif = neurons.Create(outChannels);
        register_module(nameof(body), body);
        register_module(nameof(downsample), downsample);
        register_module(nameof(lif), lif);
    }

    /// <summary>The reference's residual shortcut, shared by every block type; <paramref name="input"/> is what
    /// the block's input is, when spikes.</summary>
    public static nn.Module<Tensor, Tensor> Shortcut(int inChannels, int outChannels, int stride, bool plainBn, SpikeInput? input)
    {
        if (inChannels == outChannels && stride == 1)
            return new TimeDistributed(new TdBatchNorm(outChannels, ConvBn.ResidualAlpha, plain: plainBn));
        return nn.Sequential(("0", ConvBn.Create(inChannels, outChannels, 1, stride, 0, ConvBn.ResidualAlpha, plainBn, input)));
    }

    public override Tensor forward(Tensor x)
    {
        using var main = body.call(x);
        using var identity = downsample.call(x);
        using var sum = main + identity;
        return lif.call(sum);
    }
}
