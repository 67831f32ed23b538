namespace GatedLif.Data;

/// <summary>
/// Random streams that depend only on the run's seed, the epoch and the sample's index in the data set, so an
/// augmented sample is the same whichever worker thread computes it and however many there are.
/// </summary>
public static class SampleRandom
{
    /// <summary>The seed of an epoch's data order.</summary>
    public static int EpochSeed(int seed, int epoch) => unchecked(seed * 1_000_003 + epoch * 7919);

    /// <summary>The random stream of one sample in one epoch.</summary>
    public static IRandomSource For(int seed, int epoch, int index)
    {
        ulong state = unchecked((ulong)(uint)seed * 0x9E3779B97F4A7C15UL ^ (ulong)(uint)epoch << 32 ^ (uint)index);
        return new SeededRandomSource(unchecked((int)SplitMix64(SplitMix64(state) ^ (uint)index)));
    }

    // SplitMix64's finaliser: neighbouring inputs give unrelated outputs, so neighbouring samples get unrelated streams.
    private static ulong SplitMix64(ulong z)
    {
        unchecked
        {
            z += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
