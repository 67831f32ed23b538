using System.Runtime.InteropServices;

namespace GatedLif.Cli.Benchmarks;

/// <summary>
/// Peak resident memory that an action adds, on Linux: the allocator's free memory is returned to the system first
/// (glibc: malloc_trim; jemalloc, which scripts/gatedlif preloads: purging every arena, since it otherwise keeps
/// freed pages and an earlier measurement's pages would serve this one unseen), the kernel's high-water mark is
/// reset (writing 5 to /proc/self/clear_refs), and the result is VmHWM after the action minus VmRSS before it. This
/// counts every libtorch allocation the action makes, saved tensors and temporaries alike.
/// </summary>
public static class PeakMemory
{
    /// <summary>jemalloc's MALLCTL_ARENAS_ALL: the arena index that names them all.</summary>
    private const string PurgeAllArenas = "arena.4096.purge";

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);

    [DllImport("libjemalloc.so.2", EntryPoint = "mallctl")]
    private static extern int Mallctl(
        [MarshalAs(UnmanagedType.LPStr)] string name,
        nint oldValue,
        nint oldLength,
        nint newValue,
        nuint newLength
    );

    public static bool Available => OperatingSystem.IsLinux() && File.Exists("/proc/self/clear_refs");

    /// <summary>Bytes added at the peak, or null where the kernel interface is missing.</summary>
    public static long? Measure(Action action)
    {
        if (!Available)
        {
            action();
            return null;
        }
        ReturnFreeMemory();
        long before = Read("VmRSS");
        File.WriteAllText("/proc/self/clear_refs", "5");
        action();
        return Read("VmHWM") - before;
    }

    private static void ReturnFreeMemory()
    {
        MallocTrim(0);
        // Only where the process already runs on jemalloc: loading it here would not make it the allocator.
        if (Environment.GetEnvironmentVariable("LD_PRELOAD")?.Contains("jemalloc", StringComparison.Ordinal) == true)
            Mallctl(PurgeAllArenas, 0, 0, 0, 0);
    }

    private static long Read(string field)
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }
}
