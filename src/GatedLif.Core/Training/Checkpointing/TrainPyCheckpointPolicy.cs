using GatedLif.Checkpoints;

namespace GatedLif.Training.Checkpointing;

/// <summary>
/// train.py's files: <c>{folder}/{tag}-checkpoint-{epoch:06}.pth.tar</c> when test top-1 improves, else every 20th
/// and every <paramref name="saveInterval"/>-th epoch (the reference parses the interval and never uses it; we
/// honour it). Ours in addition: after every epoch one rolling
/// <c>{folder}/resume/{tag}-checkpoint-{epoch:06}.pth.tar</c> (older ones removed once it is on disk), so an
/// interrupted run loses at most the epoch in progress.
/// </summary>
public sealed class TrainPyCheckpointPolicy(string folder, string modelTag, int saveInterval) : ICheckpointPolicy
{
    private string ResumeFolder => Path.Combine(folder, CheckpointNames.ResumeSubfolder);

    public IReadOnlyList<string> Folders => [folder, ResumeFolder];

    public IReadOnlyList<CheckpointFile> AfterTest(int epoch, bool improved)
    {
        var path = Path.Combine(folder, CheckpointNames.FileName(modelTag, epoch));
        if (improved)
            return [new CheckpointFile(path, CheckpointReason.Best)];
        if (epoch % 20 == 0 || (saveInterval > 0 && epoch % saveInterval == 0))
            return [new CheckpointFile(path, CheckpointReason.Periodic)];
        return [];
    }

    public string? ResumePoint(int epoch) => Path.Combine(ResumeFolder, CheckpointNames.FileName(modelTag, epoch));

    public void Prune(int epoch)
    {
        foreach (var old in Directory.EnumerateFiles(ResumeFolder))
        {
            if (
                Path.GetFileName(old).StartsWith(modelTag + "-checkpoint-", StringComparison.Ordinal)
                && CheckpointNames.EpochOf(old) is { } e
                && e < epoch
            )
                File.Delete(old);
        }
    }
}
