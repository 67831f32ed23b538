using System.Globalization;
using GatedLif.Cli.Logging;
using GatedLif.Training;
using GatedLif.Training.Checkpointing;

namespace GatedLif.Cli.Commands.TrainPy;

/// <summary>
/// train.py's lines: a "Train Epoch" line every --display-interval batches (its Top-1/Top-5 are the sums of the
/// batches since the last line divided by the interval, as the reference computes them), the epoch's time, the
/// "TEST Epoch" line through logging, the checkpoint lines and the learning rates; and ours about resuming.
/// </summary>
public sealed class TrainPyLog(ReferenceLog log, TrainPyOptions o) : ITrainingObserver
{
    private double _top1,
        _top5;
    private bool _resumed;

    public void ResumeSkipped(string path, string reason) =>
        log.Warning($"--auto-continue skips {path}: {reason}; trying the next newest checkpoint");

    public void Resumed(ResumedRun run)
    {
        _resumed = true;
        log.Print($"load from checkpoint, the epoch is {run.Epoch}");
    }

    public void ScheduleResumed(ResumedSchedule schedule)
    {
        if (schedule.Changed && schedule.Saved is CosineSchedule saved)
            log.Print(
                $"--epochs changed from {saved.TMax} to {o.Epochs}: the cosine schedule now runs to epoch {o.Epochs} "
                    + $"(learning rate for epoch {schedule.NextEpoch}: {Rates(schedule.LearningRates)})"
            );
    }

    public void RunStarting(int firstEpoch)
    {
        log.Begin();
        if (o.AutoContinue && !_resumed)
            log.Print($"no checkpoint of '{o.ModelTag}' in {o.TrainResume}: starting from epoch 1");
        if (firstEpoch > o.Epochs)
            log.Print($"nothing to do: trained to epoch {firstEpoch - 1} of {o.Epochs}");
        log.Print($"the random seed is {o.Seed}");
    }

    public void ScheduleEnded(int epoch) =>
        log.Warning(
            $"the learning rate is 0 at the start of epoch {epoch}: the cosine schedule over --epochs has ended, so "
                + $"training changes no weights"
        );

    public void EpochStarting(EpochStart start) => _top1 = _top5 = 0;

    public void BatchTrained(TrainedBatch b)
    {
        _top1 += b.Top1Percent / 100;
        _top5 += b.Top5Percent / 100;
        if (b.Index % o.DisplayInterval != 0)
            return;
        log.Print(
            string.Create(
                CultureInfo.InvariantCulture,
                $"Train Epoch: {b.Epoch} [{b.Index * b.Samples}/{b.DatasetSize} "
                    + $"({PythonFormat.Fixed0(100.0 * b.Index / b.Batches)}%)]\tLoss: {b.Loss:F6}\tTop-1 = "
                    + $"{_top1 / o.DisplayInterval:F6}\tTop-5 = {_top5 / o.DisplayInterval:F6}\tTime = {b.Seconds:F6}"
            )
        );
        _top1 = _top5 = 0;
    }

    public void EpochTrained(TrainedEpoch epoch) =>
        log.Print($"time used in the epoch:{PythonFormat.Repr(epoch.Seconds)}");

    /// <summary>The TEST line (the reference's message ends with a newline of its own, so a blank line follows it),
    /// then "saving..." before "best acc is" for a new best, after it for a periodic checkpoint.</summary>
    public void EpochTested(TestedEpoch tested)
    {
        log.Info(TestLine(tested.Result, tested.Epoch) + Environment.NewLine);
        if (tested.Saved.Any(s => s.Reason == CheckpointReason.Best))
            log.Print("saving...");
        log.Print($"best acc is {PythonFormat.Repr(tested.Best.Value)} found in epoch {tested.Best.Epoch ?? 0}");
        if (tested.Saved.Any(s => s.Reason == CheckpointReason.Periodic))
            log.Print("saving...");
    }

    public void EpochEnded(EndedEpoch epoch) => log.Print($"and lr now is {Rates(epoch.LearningRates)}");

    /// <summary>
    /// The reference's TEST line for an evaluation, byte for byte: two spaces before '=' after Top-1 and Top-5, tabs
    /// after commas, six decimals (Python's <c>{:.6f}</c>, invariant culture).
    /// </summary>
    public static string TestLine(EvaluationResult result, int epoch) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"TEST Epoch {epoch}: loss = {result.Loss:F6},\tTop-1  = {result.Top1:F6},\tTop-5  = "
                + $"{result.Top5:F6},\tval_time = {result.Seconds:F6}"
        );

    private static string Rates(IReadOnlyList<double> rates) => PythonFormat.ReprList(rates);
}
