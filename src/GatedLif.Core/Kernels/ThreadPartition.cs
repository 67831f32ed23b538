using static TorchSharp.torch;

namespace GatedLif.Kernels;

/// <summary>
/// How the CPU kernels split their items among threads: contiguous ranges, one per libtorch intra-op thread (so a
/// run set to N threads uses N here as well), or one range where the work is too small for threads to pay. The
/// ranges are items·p/parts .. items·(p+1)/parts, so a part count fixes them, and with it any per-part sums.
/// </summary>
internal static class ThreadPartition
{
    /// <summary>One part below <paramref name="threshold"/> units of work, else one per thread; never more than
    /// <paramref name="items"/>, never fewer than one.</summary>
    public static int Parts(long items, double work, double threshold) =>
        (int)Math.Max(1, Math.Min(items, work < threshold ? 1 : get_num_threads()));

    /// <summary>Runs <paramref name="body"/>(part, first, last) over items 0 .. <paramref name="items"/> in
    /// <see cref="Parts"/> ranges.</summary>
    public static void Run(long items, double work, double threshold, Action<int, long, long> body) =>
        Run(items, Parts(items, work, threshold), body);

    /// <summary>Runs <paramref name="body"/>(part, first, last) over items 0 .. <paramref name="items"/> in
    /// <paramref name="parts"/> ranges, on the calling thread when there is one.</summary>
    public static void Run(long items, int parts, Action<int, long, long> body)
    {
        if (parts <= 1)
        {
            body(0, 0, items);
            return;
        }
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, p =>
            body(p, items * p / parts, items * (p + 1) / parts)
        );
    }
}
