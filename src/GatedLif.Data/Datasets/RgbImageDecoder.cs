using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace GatedLif.Data.Datasets;

/// <summary>
/// Reads an image file into RGB as torchvision's loader does (<c>Image.open(f).convert('RGB')</c>): grey is copied
/// to R, G, B, palettes are looked up, and alpha is dropped (not composited onto a background). JPEG goes through
/// libjpeg-turbo (<see cref="TurboJpeg"/>), as in Pillow, so its bytes are Pillow's; where libturbojpeg is not
/// installed, and for CMYK JPEG and every other format (PNG, BMP, PPM/PGM, TIFF, WebP), ImageSharp decodes.
/// EXIF orientation is ignored, as Pillow's open does.
/// </summary>
public static class RgbImageDecoder
{
    /// <exception cref="DatasetException">The file cannot be read or is not a decodable image; the message names it.</exception>
    public static RgbImage Load(string path)
    {
        try
        {
            var data = File.ReadAllBytes(path);
            if (TurboJpeg.IsJpeg(data) && TurboJpeg.IsAvailable && TurboJpeg.DecodeRgb(data) is { } jpeg)
                return jpeg;
            using var image = Image.Load<Rgb24>(data);
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
