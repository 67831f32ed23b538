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

    public AugmentationDraws Draw(int width, int height, IRandomSource random)
    {
        var window = crop.Window(width, height, random);
        return new AugmentationDraws(window, random.NextDouble() < FlipProbability);
    }

    public void Apply(RgbImage image, AugmentationDraws draws, Span<float> destination)
    {
        var cropped = crop.Resize(
            image,
            draws.Window ?? throw new ArgumentException("the training transform needs a crop window", nameof(draws))
        );
        if (draws.Flip)
            cropped = cropped.FlipHorizontally();
        PixelNormalization.ImageNet.ApplyInterleaved(cropped.Pixels, destination);
    }
}
