using SkiaSharp;

namespace GatedLif.Tests.TestSupport;

/// <summary>What a PNG shows, roughly: its size, how many distinct colours, and the share of non-white
/// pixels.</summary>
public sealed record PngContent(int Width, int Height, int DistinctColours, double InkFraction)
{
    public static PngContent Read(string path)
    {
        using var bitmap = SKBitmap.Decode(path) ?? throw new InvalidDataException($"{path}: not a decodable image");
        var colours = new HashSet<uint>();
        long ink = 0;
        foreach (var pixel in bitmap.Pixels)
        {
            colours.Add((uint)pixel);
            if (pixel.Red < 240 || pixel.Green < 240 || pixel.Blue < 240)
                ink++;
        }
        return new PngContent(bitmap.Width, bitmap.Height, colours.Count, (double)ink / bitmap.Pixels.Length);
    }

    /// <summary>Drawn, not blank: text, axes and data give many colours and a fair amount of ink.</summary>
    public void AssertDrawn(string what)
    {
        Assert.True(DistinctColours >= 50, $"{what}: only {DistinctColours} distinct colours");
        Assert.InRange(InkFraction, 0.02, 0.8);
    }
}
