using GatedLif.Checkpoints;
using GatedLif.Training.Checkpointing;
using GatedLif.Training.Optimization;

namespace GatedLif.Training;

/// <summary>A training run in domain terms; each command line maps its flags onto one.</summary>
public sealed record TrainingConfiguration
{
    /// <summary>The number of the first epoch (train.py counts from 1, cifar10dvs/train.py from 0).</summary>
    public int FirstEpoch { get; init; } = 1;

    /// <summary>How many epochs the run trains in all, counting those of the run it resumes.</summary>
    public required int Epochs { get; init; }

    public required OptimizerSettings Optimizer { get; init; }

    public required ScheduleSettings Schedule { get; init; }

    public ScheduleStepPoint ScheduleStep { get; init; } = ScheduleStepPoint.AfterTest;

    public BestMetric BestBy { get; init; } = BestMetric.Top1;

    /// <summary>float16 autocast with a GradScaler on CUDA (torch.cuda.amp); float32 elsewhere.</summary>
    public bool MixedPrecision { get; init; }

    /// <summary>Images per forward pass in the test pass; null runs whole batches.</summary>
    public int? EvaluationChunk { get; init; }

    /// <summary>Spike statistics of every test pass, reported with its result; null counts nothing.</summary>
    public TestStatistics? Statistics { get; init; }

    public required ICheckpointLayout CheckpointLayout { get; init; }

    public required ICheckpointPolicy CheckpointPolicy { get; init; }

    /// <summary>How the error reads when a resume checkpoint's keys do not fit the model.</summary>
    public StateDictMismatchOptions? Mismatch { get; init; }

    /// <summary>Checkpoints to resume from, the preferred first: an unreadable one is reported and the next tried.
    /// Empty: a fresh run.</summary>
    public IReadOnlyList<string> ResumeCandidates { get; init; } = [];

    /// <summary>The number one past the last epoch.</summary>
    public int EndEpoch => FirstEpoch + Epochs;
}
