using System.Diagnostics;

namespace GatedLif.Cli.Benchmarks;

/// <summary>Wall-clock timing: one warm-up run, then the median of <c>repeat</c> runs.</summary>
public static class Measurements
{
    public static double MedianSeconds(int repeat, Action action, Action? sync = null)
    {
        action();
        sync?.Invoke();
        var times = new double[repeat];
        for (int i = 0; i < repeat; i++)
        {
            var clock = Stopwatch.StartNew();
            action();
            sync?.Invoke();
            times[i] = clock.Elapsed.TotalSeconds;
        }
        Array.Sort(times);
        return repeat % 2 == 1 ? times[repeat / 2] : (times[repeat / 2 - 1] + times[repeat / 2]) / 2;
    }
}
