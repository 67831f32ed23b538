using GatedLif.Statistics;
using GatedLif.Training.Checkpointing;

namespace GatedLif.Training;

/// <summary>An epoch about to train: its number, batches, samples, and the learning rate of every group.</summary>
public sealed record EpochStart(int Epoch, int Batches, int Samples, IReadOnlyList<double> LearningRates);

/// <summary>
/// One trained batch: where it is in the epoch, its loss (the step's float32 loss), its top-1/top-5 as the
/// reference's percentages, how many of its samples the top logit got right, the seconds since the epoch started,
/// and the epoch's running totals on this rank.
/// </summary>
public sealed record TrainedBatch(
    int Epoch,
    int Index,
    int Batches,
    int DatasetSize,
    int Samples,
    double Loss,
    double Top1Percent,
    double Top5Percent,
    long Correct,
    double Seconds,
    long SamplesSoFar,
    double MeanLossSoFar,
    long CorrectSoFar
)
{
    public double AccuracySoFar => SamplesSoFar == 0 ? 0 : (double)CorrectSoFar / SamplesSoFar;
}

/// <summary>
/// One training pass: the mean of its batch losses (train.py's summaries), the sample-weighted mean loss and the
/// accuracy on this rank (cifar10dvs's train_loss, train_acc), the images of all ranks and the seconds it took.
/// </summary>
public sealed record TrainedEpoch(
    int Epoch,
    double MeanBatchLoss,
    double MeanLoss,
    double Accuracy,
    long Images,
    double Seconds
)
{
    public double ImagesPerSecond => Seconds > 0 ? Images / Seconds : 0;
}

/// <summary>A test pass and what followed from it: the best score, whether this epoch set it, the checkpoints
/// written, and the pass's spike statistics when the configuration asks for them.</summary>
public sealed record TestedEpoch(
    int Epoch,
    EvaluationResult Result,
    BestScore Best,
    bool Improved,
    IReadOnlyList<CheckpointFile> Saved,
    SpikeStatisticsReport? Spikes = null
);

/// <summary>The end of an epoch, before the schedule steps (train.py) or after (cifar10dvs): what it trained and
/// tested, and the learning rates it trained with.</summary>
public sealed record EndedEpoch(
    int Epoch,
    TrainedEpoch Trained,
    TestedEpoch Tested,
    IReadOnlyList<double> LearningRates
);

/// <summary>A run resumed from <paramref name="Path"/>, written after <paramref name="Epoch"/>.</summary>
public sealed record ResumedRun(string Path, int Epoch, BestScore Best);

/// <summary>
/// The schedule a resumed run continues with: built from the current settings and positioned at the resumed epoch.
/// <see cref="Saved"/> are the settings the checkpoint was written with (null when its state is not a known
/// scheduler's); <see cref="Changed"/> says whether they differ. <see cref="LearningRates"/> are those of the next
/// epoch.
/// </summary>
public sealed record ResumedSchedule(
    ScheduleSettings? Saved,
    ScheduleSettings Current,
    int NextEpoch,
    IReadOnlyList<double> LearningRates
)
{
    public bool Changed => Saved is not null && Saved != Current;
}
