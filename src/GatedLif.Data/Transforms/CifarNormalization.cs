using GatedLif.Data.Datasets;

namespace GatedLif.Data.Transforms;

/// <summary>
/// <see cref="PixelNormalization"/> with the CIFAR statistics, applied to channel-planar CIFAR images.
/// </summary>
public sealed class CifarNormalization(IReadOnlyList<double> mean, IReadOnlyList<double> std)
    : PixelNormalization(mean, std)
{
    /// <summary>The reference's CIFAR-10 statistics.</summary>
    public static CifarNormalization Cifar10 { get; } = new([0.4914, 0.4822, 0.4465], [0.247, 0.243, 0.261]);

    /// <summary>The reference's CIFAR-100 statistics, given there on the 0..255 scale; divided in double as Python
    /// does.</summary>
    public static CifarNormalization Cifar100 { get; } =
        new([129.3 / 255, 124.1 / 255, 112.4 / 255], [68.2 / 255, 65.4 / 255, 70.4 / 255]);

    public static CifarNormalization For(CifarVariant variant) =>
        variant switch
        {
            CifarVariant.Cifar10 => Cifar10,
            CifarVariant.Cifar100 => Cifar100,
            _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, null),
        };

    /// <summary>Normalises one channel-planar image of <see cref="CifarImageFormat.ImageBytes"/> bytes into as many
    /// floats.</summary>
    public void Apply(ReadOnlySpan<byte> image, Span<float> destination)
    {
        if (image.Length != CifarImageFormat.ImageBytes || destination.Length != CifarImageFormat.ImageBytes)
        {
            throw new ArgumentException($"Image and destination must hold {CifarImageFormat.ImageBytes} values.");
        }

        for (int c = 0; c < CifarImageFormat.Channels; c++)
        {
            var lookup = Lookup(c);
            var source = image.Slice(c * CifarImageFormat.PlaneBytes, CifarImageFormat.PlaneBytes);
            var target = destination.Slice(c * CifarImageFormat.PlaneBytes, CifarImageFormat.PlaneBytes);
            for (int i = 0; i < source.Length; i++)
            {
                target[i] = lookup[source[i]];
            }
        }
    }
}
