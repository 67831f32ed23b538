using GatedLif.Data.Datasets;

namespace GatedLif.Data.Transforms;

/// <summary>
/// The reference's training augmentation, <c>RandomCrop(32, padding=4)</c> then <c>RandomHorizontalFlip()</c>,
/// applied to the uint8 image before normalisation, so padded pixels are 0 bytes (and normalise to -mean/std).
/// Draws happen in torchvision's order: crop top, crop left, then the flip test.
/// </summary>
public sealed class CifarTrainAugmentation(IRandomSource random)
{
    public const int Padding = 4;
    public const double FlipProbability = 0.5;

    /// <summary>Writes a randomly cropped and maybe mirrored copy of <paramref name="image"/> into <paramref
    /// name="destination"/>.</summary>
    public void Apply(ReadOnlySpan<byte> image, Span<byte> destination)
    {
        if (image.Length != CifarImageFormat.ImageBytes || destination.Length != CifarImageFormat.ImageBytes)
        {
            throw new ArgumentException($"Image and destination must hold {CifarImageFormat.ImageBytes} bytes.");
        }

        const int side = CifarImageFormat.Side;
        // Offsets of the crop window in the padded (side + 2*Padding) image, made relative to the original image.
        int top = random.NextInt(2 * Padding + 1) - Padding;
        int left = random.NextInt(2 * Padding + 1) - Padding;
        bool flip = random.NextDouble() < FlipProbability;
        for (int c = 0; c < CifarImageFormat.Channels; c++)
        {
            var plane = image.Slice(c * CifarImageFormat.PlaneBytes, CifarImageFormat.PlaneBytes);
            var target = destination.Slice(c * CifarImageFormat.PlaneBytes, CifarImageFormat.PlaneBytes);
            for (int y = 0; y < side; y++)
            {
                int sourceY = y + top;
                var row = target.Slice(y * side, side);
                if ((uint)sourceY >= side)
                {
                    row.Clear();
                    continue;
                }

                for (int x = 0; x < side; x++)
                {
                    // The flip mirrors the cropped image, so it picks the crop column before the offset is added.
                    int sourceX = (flip ? side - 1 - x : x) + left;
                    row[x] = (uint)sourceX < side ? plane[sourceY * side + sourceX] : (byte)0;
                }
            }
        }
    }
}
