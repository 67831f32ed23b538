using GatedLif.Statistics;

namespace GatedLif.Cli.Summaries;

/// <summary>A training test pass's spike statistics: each layer's firing rate as a TensorBoard scalar
/// (<c>spikes/&lt;layer&gt;/firing_rate</c>), and the report as <c>spike-stats.json</c>, replaced by the next
/// pass's.</summary>
public static class SpikeScalars
{
    public static void Write(TensorBoardSummaries summaries, int epoch, SpikeStatisticsReport report, string folder)
    {
        summaries.Scalars(epoch, report.FiringRateScalars().ToArray());
        SpikeStatisticsFile.WriteInto(folder, report);
    }
}
