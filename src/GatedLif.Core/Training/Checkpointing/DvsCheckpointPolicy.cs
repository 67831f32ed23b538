namespace GatedLif.Training.Checkpointing;

/// <summary>cifar10dvs/train.py's files in the run's <c>_pt</c> folder: <c>checkpoint_max.pth</c> when test accuracy
/// improves, and <c>checkpoint_latest.pth</c> after every epoch (which is also what resuming reads).</summary>
public sealed class DvsCheckpointPolicy(string folder) : ICheckpointPolicy
{
    public const string BestFile = "checkpoint_max.pth";
    public const string LatestFile = "checkpoint_latest.pth";

    public IReadOnlyList<string> Folders => [folder];

    public IReadOnlyList<CheckpointFile> AfterTest(int epoch, bool improved) =>
        improved
            ?
            [
                new(Path.Combine(folder, BestFile), CheckpointReason.Best),
                new(Path.Combine(folder, LatestFile), CheckpointReason.Latest),
            ]
            : [new(Path.Combine(folder, LatestFile), CheckpointReason.Latest)];

    public string? ResumePoint(int epoch) => null;

    public void Prune(int epoch) { }
}
