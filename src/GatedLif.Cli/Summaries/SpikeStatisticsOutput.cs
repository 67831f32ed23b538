using GatedLif.Cli.Logging;
using GatedLif.Statistics;

namespace GatedLif.Cli.Summaries;

/// <summary>An evaluation's spike statistics where the user finds them: the table after the TEST line (console and
/// log file) and <c>spike-stats.json</c> in the run's folder.</summary>
public static class SpikeStatisticsOutput
{
    public static void Report(ReferenceLog log, SpikeStatisticsReport report, string folder)
    {
        log.Block(SpikeStatisticsTable.Format(report));
        var path = SpikeStatisticsFile.WriteInto(folder, report);
        log.Print($"spike statistics written to {path}");
    }
}
