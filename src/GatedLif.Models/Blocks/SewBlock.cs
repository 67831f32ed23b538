using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Models.Blocks;

/// <summary>
/// Spike-element-wise residual block (the reference's DVS <c>SEWBlock</c>, <c>SEWBlock_GLIF</c>,
/// <c>SEWBlock_vanillaLIF</c>): <c>conv = [conv3x3-bn-spike(c→mid), conv3x3-bn-spike(mid→c)]</c>, output
/// <c>cnf(conv(x), x)</c>.
/// </summary>
public sealed class SewBlock : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> conv;
    private readonly ConnectFunction _connect;

    public SewBlock(int channels, int midChannels, ConnectFunction connect, Func<int, nn.Module<Tensor, Tensor>> neuron)
        : base(nameof(SewBlock))
    {
        _connect = connect;
        conv = Branch(channels, midChannels, neuron);
        register_module(nameof(conv), conv);
    }

    /// <summary>The residual branch, which <see cref="PlainBlock"/> runs without a shortcut.</summary>
    public static nn.Module<Tensor, Tensor> Branch(int channels, int midChannels, Func<int, nn.Module<Tensor, Tensor>> neuron) =>
        nn.Sequential(
            ("0", ConvBnSpike.Create(channels, midChannels, 3, neuron)),
            ("1", ConvBnSpike.Create(midChannels, channels, 3, neuron)));

    public override Tensor forward(Tensor x)
    {
        using var branch = conv.call(x);
        return _connect.Join(branch, x);
    }
}
