namespace GatedLif.Data.Datasets.Dvs;

/// <summary>
/// An event stream after the CIFAR10-DVS address decoding: timestamp, pixel column x, pixel row y (both 0..127)
/// and polarity p (0 or 1, the frame channel), one entry per event in file order.
/// </summary>
public sealed record DvsEvents(uint[] T, int[] X, int[] Y, int[] P)
{
    public int Count => T.Length;
}
