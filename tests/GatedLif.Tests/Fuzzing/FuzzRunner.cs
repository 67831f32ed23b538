using System.Diagnostics;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Fuzzing;

/// <summary>
/// Feeds mutated inputs to a target in this process, one at a time on a thread of its own, and holds each to the
/// promises of issue 24: it is read, or refused with one error of ours that names the file (no .NET type names);
/// it finishes within <see cref="TimeBound"/>; its thread allocates at most <see cref="AllocationBound"/> of managed
/// memory; and the target's own check finds nothing half-written.
/// </summary>
internal static class FuzzRunner
{
    /// <summary>Generous for two shared cores; a reader that loops or waits forever overshoots any bound.</summary>
    public static readonly TimeSpan TimeBound = TimeSpan.FromSeconds(30);

    /// <summary>
    /// 32 MiB of working room plus 1,100 bytes per input byte: deflate inflates a byte to at most 1,032, so no
    /// compressed input can justify more, and an uncompressed one justifies far less.
    /// </summary>
    public static long AllocationBound(long inputBytes) => (32L << 20) + 1100 * inputBytes;

    public static FuzzReport Run(FuzzTarget target, int inputs, int seed)
    {
        var report = new FuzzReport(target.Name);
        var seeds = target.Seeds();
        var random = new Random(seed);
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < inputs; i++)
        {
            var input = target.Mutate(seeds[random.Next(seeds.Count)], random);
            if (!RunOne(target, input, i, report))
                break;
            // Tensors and buffers of refused inputs wait for the finalizer; collecting now and then keeps a long run
            // flat.
            if (i % 200 == 199)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        }
        report.Total = clock.Elapsed;
        return report;
    }

    /// <returns>False when the input hung, which leaves its thread running, so the run stops there.</returns>
    private static bool RunOne(FuzzTarget target, byte[] input, int index, FuzzReport report)
    {
        using var folder = new TempFolder();
        Exception? failure = null;
        long allocated = 0;
        var thread = new Thread(() =>
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                target.Read(input, folder.Path);
            }
            catch (Exception e)
            {
                failure = e;
            }
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        })
        {
            IsBackground = true,
        };
        var clock = Stopwatch.StartNew();
        thread.Start();
        if (!thread.Join(TimeBound))
        {
            report.Inputs++;
            report.Findings.Add(
                $"input {index} ({input.Length} bytes) hung: no answer within {TimeBound.TotalSeconds} s"
            );
            return false;
        }
        report.Inputs++;
        report.Slowest = clock.Elapsed > report.Slowest ? clock.Elapsed : report.Slowest;
        report.LargestAllocation = Math.Max(report.LargestAllocation, allocated);
        if (allocated > AllocationBound(input.Length))
            report.Findings.Add(
                $"input {index} ({input.Length} bytes) allocated {allocated} bytes, over the bound of "
                    + $"{AllocationBound(input.Length)}"
            );

        switch (failure)
        {
            case null:
                report.Accepted++;
                break;
            case FuzzViolation violation:
                report.Findings.Add($"input {index}: {violation.Message}");
                break;
            case var e when target.IsOurs(e) && Clear(e.Message, target.Names):
                report.Refused++;
                if (report.SampleRefusals.Count < 40)
                    report.SampleRefusals.Add(e.Message.Replace(folder.Path, "<folder>", StringComparison.Ordinal));
                break;
            case var e:
                report.Findings.Add($"input {index} ({input.Length} bytes): {e.GetType().Name}: {e.Message}");
                break;
        }
        return true;
    }

    /// <summary>Names the input and says nothing in .NET's terms.</summary>
    private static bool Clear(string message, string names) =>
        message.Contains(names, StringComparison.Ordinal)
        && !message.Contains("System.", StringComparison.Ordinal)
        && !message.Contains("Unable to cast", StringComparison.Ordinal)
        && !message.Contains("Object reference", StringComparison.Ordinal)
        && !message.Contains("Index was outside", StringComparison.Ordinal);
}
