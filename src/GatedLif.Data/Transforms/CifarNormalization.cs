using GatedLif.Data.Datasets;

namespace GatedLif.Data.Transforms;

/// <summary>
/// torchvision's <c>ToTensor()</c> then <c>Normalize(mean, std)</c> on a uint8 CIFAR image, bit for bit:
/// each step is a float32 operation, <c>(x / 255f - mean[c]) / std[c]</c>, with mean and std rounded from the
/// double values to float32 as torchvision does when it builds its tensors.
/// </summary>
public sealed class CifarNormalization
{
    // Every channel/byte pair has one result, so a 3x256 table replaces the per-pixel arithmetic.
    private readonly float[] table = new float[CifarImageFormat.Channels * 256];

    public CifarNormalization(IReadOnlyList<double> mean, IReadOnlyList<double> std)
    {
        if (mean.Count != CifarImageFormat.Channels || std.Count != CifarImageFormat.Channels)
        {
            throw new ArgumentException($"Mean and std need {CifarImageFormat.Channels} values each.");
        }

        Mean = mean.Select(m => (float)m).ToArray();
        Std = std.Select(s => (float)s).ToArray();
        for (int c = 0; c < CifarImageFormat.Channels; c++)
        {
            for (int value = 0; value < 256; value++)
            {
                table[c * 256 + value] = (value / 255f - Mean[c]) / Std[c];
            }
        }
    }

    /// <summary>The reference's CIFAR-10 statistics.</summary>
    public static CifarNormalization Cifar10 { get; } = new([0.4914, 0.4822, 0.4465], [0.247, 0.243, 0.261]);

    /// <summary>The reference's CIFAR-100 statistics, given there on the 0..255 scale; divided in double as Python does.</summary>
    public static CifarNormalization Cifar100 { get; } =
        new([129.3 / 255, 124.1 / 255, 112.4 / 255], [68.2 / 255, 65.4 / 255, 70.4 / 255]);

    public IReadOnlyList<float> Mean { get; }

    public IReadOnlyList<float> Std { get; }

    public static CifarNormalization For(CifarVariant variant) => variant switch
    {
        CifarVariant.Cifar10 => Cifar10,
        CifarVariant.Cifar100 => Cifar100,
        _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, null),
    };

    public float Normalize(int channel, byte value) => table[channel * 256 + value];

    /// <summary>Normalises one channel-planar image of <see cref="CifarImageFormat.ImageBytes"/> bytes into as many floats.</summary>
    public void Apply(ReadOnlySpan<byte> image, Span<float> destination)
    {
        if (image.Length != CifarImageFormat.ImageBytes || destination.Length != CifarImageFormat.ImageBytes)
        {
            throw new ArgumentException($"Image and destination must hold {CifarImageFormat.ImageBytes} values.");
        }

        for (int c = 0; c < CifarImageFormat.Channels; c++)
        {
            var lookup = table.AsSpan(c * 256, 256);
            var source = image.Slice(c * CifarImageFormat.PlaneBytes, CifarImageFormat.PlaneBytes);
            var target = destination.Slice(c * CifarImageFormat.PlaneBytes, CifarImageFormat.PlaneBytes);
            for (int i = 0; i < source.Length; i++)
            {
                target[i] = lookup[source[i]];
            }
        }
    }
}
