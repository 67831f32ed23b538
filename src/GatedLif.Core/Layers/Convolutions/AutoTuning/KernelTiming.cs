using System.Diagnostics;
using static TorchSharp.torch;

namespace GatedLif.Layers.Convolutions.AutoTuning;

/// <summary>Wall-clock time of a tensor operation: one untimed run (allocations, first-call compilation), then the
/// fastest of a few, as the run least disturbed by other work on the machine.</summary>
internal static class KernelTiming
{
    public static double Fastest(int runs, Func<Tensor> run)
    {
        using (NewDisposeScope())
            run();
        double best = double.PositiveInfinity;
        for (int i = 0; i < runs; i++)
        {
            using var scope = NewDisposeScope();
            var clock = Stopwatch.StartNew();
            run();
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return best;
    }
}
