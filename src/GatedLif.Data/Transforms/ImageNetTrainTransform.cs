using GatedLif.Data.Datasets;

namespace GatedLif.Data.Transforms;

/// <summary>
/// The reference's ImageNet training transform: <c>RandomResizedCrop(224, scale=(0.2, 1.0))</c>,
/// <c>RandomHorizontalFlip()</c>, <c>ToTensor()</c>, <c>Normalize</c> with the ImageNet statistics; draws in
/// torchvision's order (crop, then the flip test).
/// </summary>
public sealed class ImageNetTrainTransform : ISampleTransform
{
    public const double FlipProbability = 0.5;

    private readonly RandomResizedCrop crop = new(224);

    public int Side => crop.Size;

    public void Apply(RgbImage image, IRandomSource random, Span<float> destination)
    {
        var cropped = crop.Apply(image, random);
        if (random.NextDouble() < FlipProbability)
            cropped = cropped.FlipHorizontally();
        PixelNormalization.ImageNet.ApplyInterleaved(cropped.Pixels, destination);
    }
}
