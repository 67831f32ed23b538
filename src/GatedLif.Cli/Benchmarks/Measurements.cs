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
        var wall = new double[repeat];
        var cpu = new double[repeat];
        var process = Process.GetCurrentProcess();
        for (int i = 0; i < repeat; i++)
        {
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            action();
            sync?.Invoke();
            wall[i] = clock.Elapsed.TotalSeconds;
            process.Refresh();
            cpu[i] = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        }
        return new Timing(MedianOf(wall), MedianOf(cpu));
    }

    private static double MedianOf(double[] values)
    {
        Array.Sort(values);
        int n = values.Length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
}
