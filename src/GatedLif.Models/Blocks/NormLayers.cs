using GatedLif.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Models.Blocks;

/// <summary>The batch norms of the reference's networks.</summary>
public static class NormLayers
{
    /// <summary>tdBN (the CIFAR networks): normalised, then scaled by α·Vth.</summary>
    public static readonly NormLayer TdBatchNorm = (channels, alpha) => new TdBatchNorm(channels, alpha);

    /// <summary>
    /// tdBN's keys computing plain BatchNorm: the ImageNet networks, which the reference's SyncBatchNorm conversion
    /// turns into plain BatchNorm (see docs/articles/differences.md).
    /// </summary>
    public static readonly NormLayer PlainTdBatchNorm = (channels, alpha) =>
        new TdBatchNorm(channels, alpha, plain: true);

    /// <summary>PyTorch's <c>BatchNorm2d</c> (the CIFAR10-DVS networks), which has no α.</summary>
    public static readonly NormLayer BatchNorm2d = (channels, _) => nn.BatchNorm2d(channels);
}
