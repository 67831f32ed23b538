using System.Globalization;
using GatedLif.Checkpoints;
using static TorchSharp.torch;

namespace GatedLif.Training.Checkpointing;

/// <summary>
/// train.py's checkpoint, <c>{'state_dict'}</c> as the reference writes it, and ours beside it so the file resumes:
/// <c>epoch</c>, <c>optimizer</c>, <c>lr_scheduler</c> (PyTorch's state_dict layouts), <c>best</c> ({acc, epoch}),
/// <c>seed</c>, <c>rng_state</c> (torch's CPU generator), <c>format</c> and <c>args</c> (the run's settings and
/// when the file was written, so that tools can tell what it is), and <see cref="ConvolutionPlanEntry"/> and
/// <see cref="GradScalerEntry"/> where there is such state.
/// </summary>
public sealed class TrainPyCheckpointLayout(
    int seed,
    IReadOnlyDictionary<string, object?>? arguments = null,
    string keyPrefix = ""
) : ICheckpointLayout
{
    public const string FormatTag = "gatedlif-train-1";

    public string StateDictKey => TorchCheckpointReader.StateDictKey;

    public string KeyPrefix => keyPrefix;

    public Dictionary<string, object?> Write(TrainingSnapshot s) =>
        CheckpointEntries.WithOurs(
            new()
            {
                [StateDictKey] = CheckpointEntries.StateDict(s, keyPrefix),
                ["epoch"] = s.Epoch,
                ["optimizer"] = s.Optimizer,
                ["lr_scheduler"] = s.Schedule,
                ["best"] = new Dictionary<string, object?> { ["acc"] = s.Best.Value, ["epoch"] = s.Best.Epoch ?? 0 },
                ["seed"] = seed,
                ["rng_state"] = s.RngState,
                ["format"] = FormatTag,
                ["args"] = arguments is null
                    ? null
                    : new Dictionary<string, object?>(arguments)
                    {
                        ["created"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
                    },
            },
            s
        );

    public ResumeState Read(Checkpoint checkpoint)
    {
        int epoch = Convert.ToInt32(
            CheckpointEntries.Value(
                checkpoint,
                "epoch",
                $"{checkpoint.Source} holds no training state ('epoch' is missing): it cannot be "
                    + $"resumed, only evaluated"
            )
        );
        var best = CheckpointEntries.Dict(checkpoint, "best");
        int bestEpoch = Convert.ToInt32(best["epoch"]);
        return new ResumeState(
            epoch,
            new BestScore(Convert.ToDouble(best["acc"]), bestEpoch == 0 ? null : bestEpoch),
            CheckpointEntries.Dict(checkpoint, "optimizer"),
            CheckpointEntries.Dict(checkpoint, "lr_scheduler"),
            checkpoint.Extra.TryGetValue("rng_state", out var rng) ? rng as Tensor : null
        );
    }
}
