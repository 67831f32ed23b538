namespace GatedLif.Data.Transforms;

/// <summary>
/// One image's random choices: the crop window (left, top, width, height) and whether it is mirrored. Drawn apart
/// from the pixel work, in batch order on one stream as a DataLoader worker draws them, so the pixel work can run on
/// any number of threads.
/// </summary>
public sealed record AugmentationDraws((int Left, int Top, int Width, int Height)? Window, bool Flip)
{
    /// <summary>What a transform without randomness draws.</summary>
    public static readonly AugmentationDraws None = new(null, false);
}
