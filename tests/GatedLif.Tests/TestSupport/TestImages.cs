using GatedLif.Data.Datasets;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace GatedLif.Tests.TestSupport;

/// <summary>Image files for tests, written with ImageSharp from seeded pixels.</summary>
internal static class TestImages
{
    public static RgbImage Random(int width, int height, int seed)
    {
        var random = new Random(seed);
        var image = new RgbImage(width, height);
        random.NextBytes(image.Pixels);
        return image;
    }

    public static Image<Rgb24> ToImageSharp(RgbImage rgb) =>
        Image.LoadPixelData<Rgb24>(rgb.Pixels, rgb.Width, rgb.Height);

    /// <summary>Writes a random RGB image in the format the path's extension names (PNG or JPEG).</summary>
    public static RgbImage Write(string path, int width, int height, int seed)
    {
        var rgb = Random(width, height, seed);
        using var image = ToImageSharp(rgb);
        image.Save(path);
        return rgb;
    }

    /// <summary>
    /// An ImageFolder of PNG files for the end-to-end runs: <c>classes</c> class folders, <c>perClass</c> images each,
    /// of the given sizes in turn.
    /// </summary>
    public static void WriteFolder(string root, int classes, int perClass, params (int Width, int Height)[] sizes)
    {
        int n = 0;
        for (int c = 0; c < classes; c++)
        {
            Directory.CreateDirectory(Path.Combine(root, $"n{c:D8}"));
            for (int i = 0; i < perClass; i++, n++)
            {
                var (w, h) = sizes[n % sizes.Length];
                Write(Path.Combine(root, $"n{c:D8}", $"img_{i}.png"), w, h, seed: n);
            }
        }
    }
}
