using System.Diagnostics;

namespace GatedLif.Cli.Benchmarks;

/// <summary>
/// Timing: one warm-up run, then the medians of <c>repeat</c> runs' wall-clock time and of the process's CPU time
/// over the same runs. On a machine shared with other work the wall-clock time grows with the load; the CPU time
/// divided by the threads in use estimates the time on an idle machine.
/// </summary>
public static class Measurements
{
    public readonly record struct Timing(double Seconds, double CpuSeconds);

    public static Timing Median(int repeat, Action action, Action? sync = null)
    {
        action();
        sync?.Invoke();
        var runs = Enumerable.Range(0, repeat).Select(_ => Once(action, sync)).ToArray();
        return new Timing(MedianOf(runs.Select(r => r.Seconds)), MedianOf(runs.Select(r => r.CpuSeconds)));
    }

    /// <summary>
    /// <paramref name="a"/> and <paramref name="b"/> in turn, after one warm-up each, <c>repeat</c> times: the medians,
    /// pair by pair, of b's wall-clock and CPU time over a's, so a change of the machine's load between pairs cancels.
    /// </summary>
    public static (double Wall, double Cpu) PairedRatio(int repeat, Action a, Action b, Action? sync = null)
    {
        a();
        b();
        sync?.Invoke();
        var pairs = Enumerable.Range(0, repeat).Select(_ => (A: Once(a, sync), B: Once(b, sync))).ToArray();
        return (
            MedianOf(pairs.Select(p => p.B.Seconds / p.A.Seconds)),
            MedianOf(pairs.Select(p => p.B.CpuSeconds / p.A.CpuSeconds))
        );
    }

    private static Timing Once(Action action, Action? sync)
    {
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        action();
        sync?.Invoke();
        var wall = clock.Elapsed.TotalSeconds;
        process.Refresh();
        return new Timing(wall, (process.TotalProcessorTime - cpuBefore).TotalSeconds);
    }

    private static double MedianOf(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
