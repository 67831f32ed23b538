using GatedLif.Layers.Convolutions;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Models.Blocks;

/// <summary>
/// The reference's DVS <c>BasicBlock</c> (the spiking ResNet block the SEW paper compares with):
/// <c>conv = [conv3x3-bn-spike(c→mid), conv3x3-bn(mid→c)]</c>, output <c>sn(x + conv(x))</c>, keys
/// <c>conv.0.*</c>, <c>conv.1.0.weight</c>, <c>conv.1.1.*</c> and <c>sn.*</c>. Unlike the CIFAR and ImageNet
/// <see cref="SpikeShortcutBlock"/>, its shortcut is the identity and its batch norms are plain. Its output is spikes.
/// </summary>
public sealed class DvsBasicBlock : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> conv,
        sn;

    public DvsBasicBlock(int channels, int midChannels, NeuronFactory neuron, SpikeInput? input)
        : base(nameof(DvsBasicBlock))
    {
        conv = nn.Sequential(
            ("0", ConvBnSpike.Create(channels, midChannels, 3, neuron, input)),
            ("1", ConvBnSpike.ConvBatchNorm(midChannels, channels, 3, SpikeInput.Binary))
        );
        sn = neuron(channels);
        register_module(nameof(conv), conv);
        register_module(nameof(sn), sn);
    }

    public override Tensor forward(Tensor x)
    {
        using var branch = conv.call(x);
        using var sum = x + branch;
        return sn.call(sum);
    }
}
