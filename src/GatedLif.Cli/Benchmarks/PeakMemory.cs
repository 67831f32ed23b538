using System.Runtime.InteropServices;

namespace GatedLif.Cli.Benchmarks;

/// <summary>
/// Peak resident memory that an action adds, on Linux: glibc's free lists are returned to the system first
/// (malloc_trim), the kernel's high-water mark is reset (writing 5 to /proc/self/clear_refs), and the result is
/// VmHWM after the action minus VmRSS before it. This counts every libtorch allocation the action makes, saved
/// tensors and temporaries alike.
/// </summary>
public static class PeakMemory
{
    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);

    public static bool Available => OperatingSystem.IsLinux() && File.Exists("/proc/self/clear_refs");

    /// <summary>Bytes added at the peak, or null where the kernel interface is missing.</summary>
    public static long? Measure(Action action)
    {
        if (!Available)
        {
            action();
            return null;
        }
        MallocTrim(0);
        long before = Read("VmRSS");
        File.WriteAllText("/proc/self/clear_refs", "5");
        action();
        return Read("VmHWM") - before;
    }

    private static long Read(string field)
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }
}
