using GatedLif.Checkpoints;

namespace GatedLif.Training.Checkpointing;

/// <summary>A training script's checkpoint file: the dict it writes and what resuming reads back from it.</summary>
public interface ICheckpointLayout
{
    /// <summary>The entry that holds the model's state_dict.</summary>
    string StateDictKey { get; }

    /// <summary>The key prefix of the model's entries (DistributedDataParallel's <c>module.</c>, or none).</summary>
    string KeyPrefix { get; }

    Dictionary<string, object?> Write(TrainingSnapshot snapshot);

    /// <exception cref="CheckpointException">The file lacks what resuming needs.</exception>
    ResumeState Read(Checkpoint checkpoint);
}
