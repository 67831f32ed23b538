using GatedLif.Checkpoints;

namespace GatedLif.Training.Checkpointing;

/// <summary>
/// cifar10dvs/train.py's checkpoint, <c>{'net', 'optimizer', 'lr_scheduler', 'epoch', 'max_test_acc'}</c>, with the
/// optimiser and scheduler in PyTorch's own layouts, so the file resumes in either program (ours adds
/// <see cref="ConvolutionPlanEntry"/> and <see cref="GradScalerEntry"/> where there is such state). Like the reference,
/// max_test_acc stays the int 0 until a test beats it.
/// </summary>
public sealed class DvsCheckpointLayout : ICheckpointLayout
{
    public const string NetKey = "net";

    public string StateDictKey => NetKey;

    public string KeyPrefix => "";

    public Dictionary<string, object?> Write(TrainingSnapshot s) =>
        CheckpointEntries.WithOurs(
            new()
            {
                [NetKey] = CheckpointEntries.StateDict(s, ""),
                ["optimizer"] = s.Optimizer,
                ["lr_scheduler"] = s.Schedule,
                ["epoch"] = s.Epoch,
                ["max_test_acc"] = s.Best.Epoch is null ? 0 : s.Best.Value,
            },
            s
        );

    public ResumeState Read(Checkpoint checkpoint)
    {
        var optimizer = CheckpointEntries.Dict(checkpoint, "optimizer");
        var schedule = CheckpointEntries.Dict(checkpoint, "lr_scheduler");
        int epoch = Convert.ToInt32(CheckpointEntries.Value(checkpoint, "epoch"));
        var max = CheckpointEntries.Value(checkpoint, "max_test_acc");
        return new ResumeState(
            epoch,
            max is double value ? new BestScore(value, epoch) : BestScore.None,
            optimizer,
            schedule,
            null
        );
    }
}
