namespace GatedLif.Data;

/// <summary>
/// The cifar10dvs loader's streams, which depend only on the run's seed and the epoch (not on torch's generator, whose
/// state there is not the reference's: its GLIF gates are drawn with NumPy), so a resumed run continues the same run.
/// </summary>
public static class SampleRandom
{
    /// <summary>The seed of an epoch's data order.</summary>
    public static int EpochSeed(int seed, int epoch) => unchecked(seed * 1_000_003 + epoch * 7919);
}
