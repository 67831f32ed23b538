namespace GatedLif.Training.Checkpointing;

/// <summary>Which checkpoint files a run writes, and when.</summary>
public interface ICheckpointPolicy
{
    /// <summary>The folders checkpoints go to, which must be writable before the first epoch starts.</summary>
    IReadOnlyList<string> Folders { get; }

    /// <summary>Files written after an epoch's test pass, in order.</summary>
    IReadOnlyList<CheckpointFile> AfterTest(int epoch, bool improved);

    /// <summary>The file that lets a run resume after this epoch, written once the epoch is complete (the
    /// schedule stepped), or null when <see cref="AfterTest"/>'s files serve.</summary>
    string? ResumePoint(int epoch);

    /// <summary>Removes what the resume point of <paramref name="epoch"/> makes redundant.</summary>
    void Prune(int epoch);
}
