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
    /// <summary>
    /// Pillow's decompression-bomb limit (twice <c>Image.MAX_IMAGE_PIXELS</c>, 89,478,485), above which it refuses
    /// an image: a few bytes of header can otherwise claim 65535 x 65535 pixels, 12 GB of RGB.
    /// </summary>
    public const long MaxPixels = 2L * 89_478_485;

    /// <exception cref="DatasetException">The file cannot be read or is not a decodable image; the message names
    /// it.</exception>
    public static RgbImage Load(string path)
    {
        try
        {
            var data = File.ReadAllBytes(path);
            if (TurboJpeg.IsJpeg(data) && TurboJpeg.IsAvailable && TurboJpeg.DecodeRgb(data) is { } jpeg)
                return jpeg;
            if (Image.Identify(data) is { } info)
                CheckSize(info.Width, info.Height);
            using var image = Image.Load<Rgb24>(data);
            var result = new RgbImage(image.Width, image.Height);
            image.CopyPixelDataTo(result.Pixels);
            return result;
        }
        catch (UnknownImageFormatException e)
        {
            // ImageSharp's message lists its decoder classes.
            throw new DatasetException(
                $"cannot read image '{path}': it is not an image in a format read here (JPEG, PNG, BMP, GIF, TIFF, "
                    + $"WebP, PBM/PGM/PPM, TGA)",
                e
            );
        }
        catch (Exception e)
            when (e
                    is IndexOutOfRangeException
                        or ArgumentException
                        or NullReferenceException
                        or InvalidCastException
                        or OverflowException
            )
        {
            // A decoder tripping over its own indices on damaged data: the runtime's message would say nothing of the
            // image.
            throw new DatasetException(
                $"cannot read image '{path}': its data is corrupt (the decoder failed inside it)",
                e
            );
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new DatasetException($"cannot read image '{path}': {e.Message}", e);
        }
    }

    /// <exception cref="InvalidDataException">The image has more pixels than <see cref="MaxPixels"/>.</exception>
    public static void CheckSize(int width, int height)
    {
        if ((long)width * height > MaxPixels)
            throw new InvalidDataException(
                $"its header claims {width} x {height} pixels, more than the {MaxPixels} Pillow accepts (a "
                    + $"decompression bomb)"
            );
    }
}
