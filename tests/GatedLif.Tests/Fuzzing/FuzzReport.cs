using System.Globalization;

namespace GatedLif.Tests.Fuzzing;

/// <summary>What one format's run found: how its inputs ended, and every input that broke a promise.</summary>
internal sealed class FuzzReport(string target)
{
    public string Target { get; } = target;

    public int Inputs { get; set; }

    public int Accepted { get; set; }

    public int Refused { get; set; }

    public List<string> Findings { get; } = [];

    /// <summary>A few of the distinct refusals, for a reader of the report to judge the messages by.</summary>
    public SortedSet<string> SampleRefusals { get; } = new(StringComparer.Ordinal);

    public long LargestAllocation { get; set; }

    public TimeSpan Slowest { get; set; }

    public TimeSpan Total { get; set; }

    public override string ToString() =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{Target}: {Inputs} inputs, {Accepted} read, {Refused} refused with our error, {Findings.Count} findings; "
                + $"largest managed allocation {LargestAllocation / 1024.0 / 1024.0:0.0} MiB, slowest input "
                + $"{Slowest.TotalMilliseconds:0} ms, all {Total.TotalSeconds:0.0} s"
        )
        + string.Concat(Findings.Take(10).Select(f => "\n  finding: " + f))
        + string.Concat(SampleRefusals.Take(8).Select(m => "\n  refused: " + m));
}
