using GatedLif.Cli.Logging;
using ScottPlot;

namespace GatedLif.Cli.Plotting;

/// <summary>
/// The training loss as the progress bar shows it: at each logged batch, the mean of the losses logged so far in its
/// epoch (one batch every --display-interval), starting afresh with every epoch.
/// </summary>
public static class EpochRunningMean
{
    /// <returns>One line per epoch, in the order of the log.</returns>
    public static IReadOnlyList<Coordinates[]> Of(IEnumerable<TrainLogPoint> points) =>
        points
            // A point's epoch is its whole part: epoch - 1 + the fraction of the epoch done.
            .GroupBy(p => Math.Floor(p.Epoch))
            .Select(epoch =>
            {
                double sum = 0;
                return epoch.Select((p, i) => new Coordinates(p.Epoch, (sum += p.Loss) / (i + 1))).ToArray();
            })
            .ToList();
}
