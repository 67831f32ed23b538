using GatedLif.Distributed;
using GatedLif.Statistics;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Training;

/// <summary>
/// One test pass as the engine and both evaluation commands run it: <see cref="Evaluator"/> over this rank's
/// batches, combined over the ranks, and with <see cref="TestStatistics"/> the spike statistics of the same pass
/// (counts added over the ranks, so every rank gets the job's report).
/// </summary>
public static class TestPass
{
    public static (EvaluationResult Result, SpikeStatisticsReport? Spikes) Run(
        nn.Module<Tensor, Tensor> model,
        IEnumerable<(Tensor Images, Tensor Labels)> batches,
        Device device,
        int? chunk,
        ICollectives world,
        TestStatistics? statistics
    )
    {
        EvaluationResult Pass() => Evaluator.Run(model, batches, device, chunk);
        if (statistics is null)
            return (Pass().Combined(world), null);
        var (result, report) = SpikeStatisticsRecorder.Measure(
            model,
            statistics.TimeSteps,
            Pass,
            world,
            statistics.Energy
        );
        return (result.Combined(world), report);
    }
}
