using GatedLif.Cli.Logging;
using GatedLif.Cli.Plotting;

namespace GatedLif.Tests.Cli.Plotting;

public sealed class EpochRunningMeanTests
{
    [Fact]
    public void The_mean_runs_over_the_logged_batches_of_each_epoch_and_starts_afresh()
    {
        TrainLogPoint[] log =
        [
            new(0, 2.0, null),
            new(0.25, 1.0, 0.5),
            new(0.5, 3.0, 0.5),
            new(1, 0.5, null),
            new(1.5, 1.5, 0.7),
        ];

        var means = EpochRunningMean.Of(log);

        Assert.Equal(2, means.Count);
        Assert.Equal([(0, 2.0), (0.25, 1.5), (0.5, 2.0)], means[0].Select(c => (c.X, c.Y)));
        Assert.Equal([(1, 0.5), (1.5, 1.0)], means[1].Select(c => (c.X, c.Y)));
    }
}
