using System.Runtime.InteropServices;

namespace GatedLif.Cli.Hosting;

/// <summary>
/// glibc hands every allocation above its mmap threshold (at most 32 MiB) straight to the kernel and unmaps it on
/// free, so each large activation or gradient tensor is page-faulted and zeroed afresh every step; that doubled
/// the fused neuron's time and costs a training step about 6% here. Serving everything from the heap and never
/// trimming it keeps freed memory for reuse, as PyTorch users get from jemalloc or tcmalloc. Set through mallopt
/// at start-up for a run on glibc: scripts/gatedlif preloads jemalloc where it is installed
/// (scripts/native-allocator.sh), which reuses freed memory without the heap's fragmentation, and then glibc's malloc
/// serves nothing and is left alone.
/// </summary>
public static class NativeAllocator
{
    private const int TrimThreshold = -1,
        MmapMax = -4;

    /// <summary>Set to 0 to keep glibc's own policy: the kept heap fragments, so peak memory can nearly double
    /// (CIFAR10-DVS 7B-wideNet, T = 16, batch 8: 19.9 GB instead of 11.0 GB, for 1.75x the step speed).</summary>
    public const string OptOut = "GATEDLIF_KEEP_FREED_MEMORY";

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int Mallopt(int parameter, int value);

    public static void KeepFreedMemory()
    {
        if (
            !OperatingSystem.IsLinux()
            || Environment.GetEnvironmentVariable(OptOut) == "0"
            || Environment.GetEnvironmentVariable("LD_PRELOAD")?.Contains("jemalloc", StringComparison.Ordinal) == true
        )
            return;
        try
        {
            Mallopt(MmapMax, 0);
            Mallopt(TrimThreshold, int.MaxValue);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (e.g. musl): its allocator has its own policy, and nothing here depends on this one.
        }
    }
}
