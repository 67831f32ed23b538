using GatedLif.Data.Datasets;

namespace GatedLif.Data.Transforms;

/// <summary>
/// The reference's ImageNet validation transform: <c>Resize(256)</c> (short side, Pillow bilinear),
/// <c>CenterCrop(224)</c>, <c>ToTensor()</c>, <c>Normalize</c> with the ImageNet statistics.
/// </summary>
public sealed class ImageNetEvalTransform : ISampleTransform
{
    public const int ResizeTo = 256;

    public int Side => 224;

    public AugmentationDraws Draw(int width, int height, IRandomSource random) => AugmentationDraws.None;

    public void Apply(RgbImage image, AugmentationDraws draws, Span<float> destination)
    {
        var cropped = CenterCrop.Apply(ShortSideResize.Apply(image, ResizeTo), Side);
        PixelNormalization.ImageNet.ApplyInterleaved(cropped.Pixels, destination);
    }
}
