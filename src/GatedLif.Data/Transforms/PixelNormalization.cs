namespace GatedLif.Data.Transforms;

/// <summary>
/// torchvision's <c>ToTensor()</c> then <c>Normalize(mean, std)</c> on uint8 RGB values, bit for bit: each step is a
/// float32 operation, <c>(x / 255f - mean[c]) / std[c]</c>, with mean and std rounded from the double values to
/// float32 as torchvision does when it builds its tensors.
/// </summary>
public class PixelNormalization
{
    public const int Channels = 3;

    // Every channel/byte pair has one result, so a 3x256 table replaces the per-pixel arithmetic.
    private readonly float[] table = new float[Channels * 256];

    public PixelNormalization(IReadOnlyList<double> mean, IReadOnlyList<double> std)
    {
        if (mean.Count != Channels || std.Count != Channels)
        {
            throw new ArgumentException($"Mean and std need {Channels} values each.");
        }

        Mean = mean.Select(m => (float)m).ToArray();
        Std = std.Select(s => (float)s).ToArray();
        for (int c = 0; c < Channels; c++)
        {
            for (int value = 0; value < 256; value++)
            {
                table[c * 256 + value] = (value / 255f - Mean[c]) / Std[c];
            }
        }
    }

    /// <summary>The reference's ImageNet statistics.</summary>
    public static PixelNormalization ImageNet { get; } = new([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]);

    public IReadOnlyList<float> Mean { get; }

    public IReadOnlyList<float> Std { get; }

    public float Normalize(int channel, byte value) => table[channel * 256 + value];

    /// <summary>The 256 results of one channel.</summary>
    protected ReadOnlySpan<float> Lookup(int channel) => table.AsSpan(channel * 256, 256);

    /// <summary>Normalises an interleaved RGB image (R, G, B per pixel) into channel planes [3, pixels].</summary>
    public void ApplyInterleaved(ReadOnlySpan<byte> rgb, Span<float> planes)
    {
        int pixels = rgb.Length / Channels;
        if (rgb.Length != pixels * Channels || planes.Length != rgb.Length)
        {
            throw new ArgumentException("RGB bytes and planes must hold 3 values per pixel each.");
        }

        for (int c = 0; c < Channels; c++)
        {
            var lookup = Lookup(c);
            var target = planes.Slice(c * pixels, pixels);
            for (int i = 0; i < pixels; i++)
            {
                target[i] = lookup[rgb[i * Channels + c]];
            }
        }
    }
}
