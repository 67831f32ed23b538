using GatedLif.Data.Datasets;

namespace GatedLif.Data.Transforms;

/// <summary>
/// torchvision's <c>CenterCrop(size)</c>: the window starts at <c>int(round((h - size) / 2.0))</c> (Python rounds
/// halves to even) and likewise across; an image smaller than the window is first padded with zeros on all sides
/// as torchvision does.
/// </summary>
public static class CenterCrop
{
    public static RgbImage Apply(RgbImage image, int size)
    {
        if (image.Width < size || image.Height < size)
            image = PadTo(image, size);
        int top = (int)Math.Round((image.Height - size) / 2.0, MidpointRounding.ToEven);
        int left = (int)Math.Round((image.Width - size) / 2.0, MidpointRounding.ToEven);
        return image.Width == size && image.Height == size ? image : image.Crop(left, top, size, size);
    }

    // torchvision: padding left/right = (size - w) // 2 and (size - w + 1) // 2, likewise top/bottom.
    private static RgbImage PadTo(RgbImage image, int size)
    {
        int width = Math.Max(size, image.Width),
            height = Math.Max(size, image.Height);
        int left = (width - image.Width) / 2,
            top = (height - image.Height) / 2;
        var padded = new RgbImage(width, height);
        for (int y = 0; y < image.Height; y++)
            image
                .Pixels.AsSpan(y * image.Width * RgbImage.Channels, image.Width * RgbImage.Channels)
                .CopyTo(padded.Pixels.AsSpan(((top + y) * width + left) * RgbImage.Channels));
        return padded;
    }
}
