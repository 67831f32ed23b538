using GatedLif.Models.Blocks;

namespace GatedLif.Models.Networks;

/// <summary>The shape of a spiking ResNet: stem, stages of blocks, and the read-out head.</summary>
/// <param name="StemChannels">Output channels of the stem conv-bn.</param>
/// <param name="StageBlocks">Blocks per stage.</param>
/// <param name="StageChannels">Output channels per stage.</param>
/// <param name="StageStrides">Stride of each stage's first block.</param>
/// <param name="StemKernel">Stem kernel size (3 for CIFAR, 7 for ImageNet).</param>
/// <param name="StemStride">Stem stride.</param>
/// <param name="StemPadding">Stem padding.</param>
/// <param name="Block">The residual block every stage stacks.</param>
public sealed record ResNetLayout(
    int StemChannels,
    int[] StageBlocks,
    int[] StageChannels,
    int[] StageStrides,
    int StemKernel = 3,
    int StemStride = 1,
    int StemPadding = 1,
    ResidualBlock? Block = null
)
{
    /// <summary>The block every stage stacks: <see cref="SpikeShortcutBlock"/> unless the layout names
    /// another.</summary>
    public ResidualBlock Block { get; init; } = Block ?? SpikeShortcutBlock.Factory;

    public int FeatureChannels => StageChannels[^1];

    /// <summary>The same layout with every channel count scaled (at least 1 channel), for <c>--width</c>.</summary>
    public ResNetLayout Scaled(double width) =>
        width == 1.0
            ? this
            : this with
            {
                StemChannels = Scale(StemChannels, width),
                StageChannels = StageChannels.Select(c => Scale(c, width)).ToArray(),
            };

    public static int Scale(int channels, double width) => Math.Max(1, (int)Math.Round(channels * width));
}
