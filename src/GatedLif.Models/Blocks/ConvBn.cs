using GatedLif.Layers;
using GatedLif.Layers.Convolutions;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Models.Blocks;

/// <summary>
/// "conv-bn": a time-distributed (bias-free Conv2d, batch norm) pair, keys <c>&lt;prefix&gt;.0.weight</c> and
/// <c>&lt;prefix&gt;.1.*</c>. A convolution that reads spikes is marked with what it reads (<see cref="SpikeInput"/>),
/// so it may run the spike kernel (<see cref="ConvolutionRoute"/>).
/// </summary>
public static class ConvBn
{
    /// <summary>tdBN's α for a branch that is summed with another: 1/√2 keeps the sum's variance.</summary>
    public static readonly double ResidualAlpha = 1 / Math.Sqrt(2);

    /// <param name="norm">The batch norm (tdBN when null).</param>
    public static TimeDistributed Create(
        int inChannels,
        int outChannels,
        int kernel,
        int stride = 1,
        int? padding = null,
        double bnAlpha = 1.0,
        NormLayer? norm = null,
        SpikeInput? input = null
    ) =>
        new(
            Conv(inChannels, outChannels, kernel, stride, padding ?? kernel / 2),
            (norm ?? NormLayers.TdBatchNorm)(outChannels, bnAlpha)
        )
        {
            InputRoute = Route(input),
        };

    /// <summary>A fresh route for a layer that reads <paramref name="input"/>, none for a dense input.</summary>
    public static ConvolutionRoute? Route(SpikeInput? input) => input is { } kind ? new ConvolutionRoute(kind) : null;

    public static nn.Module<Tensor, Tensor> Conv(
        int inChannels,
        int outChannels,
        int kernel,
        int stride,
        int padding
    ) => nn.Conv2d(inChannels, outChannels, kernel, stride: stride, padding: padding, bias: false);
}
