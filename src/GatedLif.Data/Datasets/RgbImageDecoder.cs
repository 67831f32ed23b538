using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace GatedLif.Data.Datasets;

/// <summary>
/// Reads an image file into RGB as torchvision's loader does (<c>Image.open(f).convert('RGB')</c>): grey is copied
/// to R, G, B, palettes are looked up, and alpha is dropped (not composited onto a background). Decoding is
/// ImageSharp's; PNG, BMP, PPM/PGM, TIFF and lossless WebP give Pillow's bytes, JPEG may differ by a grey level
/// where the two libraries' inverse DCTs round differently. EXIF orientation is ignored, as Pillow's open does.
/// </summary>
public static class RgbImageDecoder
{
    /// <exception cref="DatasetException">The file cannot be read or is not a decodable image; the message names it.</exception>
    public static RgbImage Load(string path)
    {
        try
        {
            using var image = Image.Load<Rgb24>(path);
            var result = new RgbImage(image.Width, image.Height);
            image.CopyPixelDataTo(result.Pixels);
            return result;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new DatasetException($"cannot read image '{path}': {e.Message}", e);
        }
    }
}
