using GatedLif.Data.Datasets;

namespace GatedLif.Data.Transforms;

/// <summary>Turns one decoded image into the network's normalised input [3, Side, Side].</summary>
public interface ISampleTransform
{
    /// <summary>Side of the square output.</summary>
    int Side { get; }

    /// <summary>This image's random choices for an image of the given size, in torchvision's order
    /// (<see cref="AugmentationDraws.None"/> for deterministic transforms, which draw nothing).</summary>
    AugmentationDraws Draw(int width, int height, IRandomSource random);

    /// <param name="draws">What <see cref="Draw"/> chose for this image.</param>
    /// <param name="destination">3 * Side * Side floats, channel planes.</param>
    void Apply(RgbImage image, AugmentationDraws draws, Span<float> destination);
}
