using GatedLif.Data.Datasets;

namespace GatedLif.Data.Transforms;

/// <summary>Turns one decoded image into the network's normalised input [3, Side, Side].</summary>
public interface ISampleTransform
{
    /// <summary>Side of the square output.</summary>
    int Side { get; }

    /// <param name="random">This sample's own random stream (unused by deterministic transforms).</param>
    /// <param name="destination">3 * Side * Side floats, channel planes.</param>
    void Apply(RgbImage image, IRandomSource random, Span<float> destination);
}
