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
    ResidualBlock? Block = null)
{
    /// <summary>The block every stage stacks: <see cref="SpikeShortcutBlock"/> unless the layout names another.</summary>
    public ResidualBlock Block { get; init; } = Block ?? SpikeShortcutBlock.Factory;

    /// <summary>ResNet-18 for CIFAR (<c>--stand18</c>): stage strides 1, 1, 2, 2 (the second stage keeps 32x32).</summary>
    public static ResNetLayout Cifar18 { get; } = new(64, [2, 2, 2, 2], [64, 128, 256, 512], [1, 1, 2, 2]);

    /// <summary>ResNet-19 for CIFAR (the default model): stages of 3, 3, 2 blocks.</summary>
    public static ResNetLayout Cifar19 { get; } = new(128, [3, 3, 2], [128, 256, 512], [1, 2, 2]);

    /// <summary>ResNet-18MS for ImageNet (<c>--MS18</c>): 7x7/stride-2/padding-1 stem, stage strides 2, 2, 2, 2.</summary>
    public static ResNetLayout ImageNet18MS { get; } = new(64, [2, 2, 2, 2], [64, 128, 256, 512], [2, 2, 2, 2], 7, 2, 1,
        MembraneShortcutBlock.Factory);

    /// <summary>ResNet-34MS for ImageNet (<c>--MS34</c>): stages of 3, 4, 6, 3 membrane-shortcut blocks.</summary>
    public static ResNetLayout ImageNet34MS { get; } = ImageNet18MS with { StageBlocks = [3, 4, 6, 3] };

    /// <summary>ResNet-34 for ImageNet (<c>--imagenet</c>): stages of 3, 4, 6, 3 basic blocks.</summary>
    public static ResNetLayout ImageNet34 { get; } = ImageNet34MS with { Block = SpikeShortcutBlock.Factory };

    public int FeatureChannels => StageChannels[^1];

    /// <summary>The same layout with every channel count scaled (at least 1 channel), for <c>--width</c>.</summary>
    public ResNetLayout Scaled(double width) => width == 1.0
        ? this
        : this with
        {
            StemChannels = Scale(StemChannels, width),
            StageChannels = StageChannels.Select(c => Scale(c, width)).ToArray(),
        };

    public static int Scale(int channels, double width) => Math.Max(1, (int)Math.Round(channels * width));
}
