namespace GatedLif.Training.Checkpointing;

/// <summary>A checkpoint a run writes after an epoch, and why.</summary>
public sealed record CheckpointFile(string Path, CheckpointReason Reason);

public enum CheckpointReason
{
    /// <summary>The test score improved.</summary>
    Best,

    /// <summary>A periodic save (train.py: every 20th and every save-interval-th epoch without improvement).</summary>
    Periodic,

    /// <summary>Every epoch's state (cifar10dvs's checkpoint_latest.pth).</summary>
    Latest,
}
