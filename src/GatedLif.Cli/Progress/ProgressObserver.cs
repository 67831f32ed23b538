using GatedLif.Cli.Logging;
using GatedLif.Training;

namespace GatedLif.Cli.Progress;

/// <summary>An epoch's live progress bar (on a terminal only), cleared whenever the log prints a line.</summary>
public sealed class ProgressObserver(ReferenceLog log, bool? enabled = null) : ITrainingObserver
{
    private EpochProgressBar? _bar;

    public void EpochStarting(EpochStart start)
    {
        _bar = new EpochProgressBar($"epoch {start.Epoch}", start.Batches, log.Console.Out, enabled);
        log.BeforeLine = _bar.Clear;
    }

    public void BatchTrained(TrainedBatch batch) =>
        _bar?.Update(batch.Index + 1, batch.SamplesSoFar, batch.MeanLossSoFar, batch.AccuracySoFar);

    public void EpochTrained(TrainedEpoch epoch) => _bar?.Clear();
}
