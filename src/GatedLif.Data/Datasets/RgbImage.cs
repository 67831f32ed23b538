namespace GatedLif.Data.Datasets;

/// <summary>An 8-bit RGB image, pixels row by row, R, G, B interleaved (Pillow's "RGB" mode).</summary>
public sealed class RgbImage
{
    public const int Channels = 3;

    public RgbImage(int width, int height, byte[]? pixels = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        Width = width;
        Height = height;
        Pixels = pixels ?? new byte[checked(width * height * Channels)];
        if (Pixels.Length != width * height * Channels)
            throw new ArgumentException(
                $"{width}x{height} RGB needs {width * height * Channels} bytes, got {Pixels.Length}"
            );
    }

    public int Width { get; }
    public int Height { get; }
    public byte[] Pixels { get; }

    public byte this[int x, int y, int channel] => Pixels[(y * Width + x) * Channels + channel];

    /// <summary>The rectangle at (left, top) of the given size; it must lie inside the image.</summary>
    public RgbImage Crop(int left, int top, int width, int height)
    {
        if (left < 0 || top < 0 || left + width > Width || top + height > Height)
            throw new ArgumentOutOfRangeException(
                nameof(left),
                $"crop {width}x{height} at ({left}, {top}) leaves the {Width}x{Height} image"
            );
        var result = new RgbImage(width, height);
        for (int y = 0; y < height; y++)
            Pixels
                .AsSpan(((top + y) * Width + left) * Channels, width * Channels)
                .CopyTo(result.Pixels.AsSpan(y * width * Channels));
        return result;
    }

    /// <summary>The image mirrored left to right.</summary>
    public RgbImage FlipHorizontally()
    {
        var result = new RgbImage(Width, Height);
        for (int y = 0; y < Height; y++)
        for (int x = 0; x < Width; x++)
            Pixels
                .AsSpan((y * Width + x) * Channels, Channels)
                .CopyTo(result.Pixels.AsSpan((y * Width + Width - 1 - x) * Channels));
        return result;
    }
}
