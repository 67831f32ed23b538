using GatedLif.Data.Datasets;

namespace GatedLif.Data.Transforms;

/// <summary>
/// torchvision's <c>Resize(size)</c> with one number: the short side becomes <c>size</c>, the long side
/// <c>int(size * long / short)</c>, Pillow bilinear; an image whose short side already is <c>size</c> is returned as
/// is.
/// </summary>
public static class ShortSideResize
{
    public static RgbImage Apply(RgbImage image, int size)
    {
        bool portrait = image.Width <= image.Height;
        int shortSide = portrait ? image.Width : image.Height,
            longSide = portrait ? image.Height : image.Width;
        if (shortSide == size)
            return image;
        // Python: int(size * long / short), an integer product divided in floating point, truncated.
        int newLong = (int)((double)((long)size * longSide) / shortSide);
        return portrait
            ? PillowBilinearResize.Resize(image, size, newLong)
            : PillowBilinearResize.Resize(image, newLong, size);
    }
}
