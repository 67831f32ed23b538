using static TorchSharp.torch;

namespace GatedLif.Cli.Commands;

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
}
