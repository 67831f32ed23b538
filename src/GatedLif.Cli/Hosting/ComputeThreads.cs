using static TorchSharp.torch;

namespace GatedLif.Cli.Hosting;

/// <summary>
/// libtorch sizes its intra-op thread pool from the host's physical cores, which in a container limited to a
/// few CPUs oversubscribes them; .NET's processor count honours affinity and CPU quotas, so the smaller wins.
/// </summary>
public static class ComputeThreads
{
    public static void FitToCores()
    {
        int cores = Environment.ProcessorCount;
        if (get_num_threads() > cores)
            set_num_threads(cores);
    }

    /// <summary>
    /// With several ranks on one machine, each gets its share of the cores (at least one thread), unless
    /// OMP_NUM_THREADS already says how many (our launcher sets it to that share, as torchrun sets it; libtorch reads
    /// it).
    /// </summary>
    public static void ShareCores(int localRanks)
    {
        if (localRanks > 1 && Environment.GetEnvironmentVariable("OMP_NUM_THREADS") is null)
            set_num_threads(Math.Max(1, Environment.ProcessorCount / localRanks));
    }
}
