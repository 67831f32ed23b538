using System.Collections;
using GatedLif.Checkpoints;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GatedLif.Training;

/// <summary>The best test top-1 so far and the epoch it was reached in (the reference's <c>best</c> dict).</summary>
public sealed record BestAccuracy(double Accuracy, int Epoch);

/// <summary>
/// A training checkpoint in the layout PyTorch's own objects use, so the file reads as a checkpoint in Python:
/// <c>state_dict</c> (as the reference), <c>epoch</c>, <c>optimizer</c> (<c>torch.SGD.state_dict()</c>:
/// state of momentum buffers by parameter index and param_groups), <c>lr_scheduler</c>
/// (<c>CosineAnnealingLR.state_dict()</c>), <c>best</c> ({acc, epoch}), <c>seed</c> and <c>rng_state</c>
/// (torch's default CPU generator).
/// </summary>
public static class TrainingState
{
    public const string FormatTag = "gatedlif-train-1";

    public static Dictionary<string, object?> Capture(nn.Module model, SGD optimizer,
        IReadOnlyList<ParameterGroup> groups, CosineAnnealingSchedule schedule, int epoch, BestAccuracy best, int seed,
        IReadOnlyDictionary<string, object?>? arguments = null, string keyPrefix = "")
    {
        var stateDict = new Dictionary<string, object?>();
        foreach (var (key, value) in ModuleStateOrder.OrderedStateDict(model))
            stateDict[keyPrefix + key] = value;
        return new Dictionary<string, object?>
        {
            ["state_dict"] = stateDict,
            ["epoch"] = epoch,
            ["optimizer"] = OptimizerState(optimizer, groups),
            ["lr_scheduler"] = schedule.StateDict(),
            ["best"] = new Dictionary<string, object?> { ["acc"] = best.Accuracy, ["epoch"] = best.Epoch },
            ["seed"] = seed,
            ["rng_state"] = Generator.Default.get_state(),
            ["format"] = FormatTag,
            ["args"] = arguments is null ? null : new Dictionary<string, object?>(arguments),
        };
    }

    public static Dictionary<string, object?> OptimizerState(SGD optimizer, IReadOnlyList<ParameterGroup> groups)
    {
        var live = optimizer.state_dict();
        var state = new Dictionary<object, object?>();
        for (int i = 0; i < live.State.Count; i++)
        {
            if (live.State[i] is SGD.State { momentum_buffer: { } buffer })
                state[i] = new Dictionary<string, object?> { ["momentum_buffer"] = buffer };
        }
        var paramGroups = new List<object?>();
        int index = 0;
        for (int g = 0; g < groups.Count; g++)
        {
            var options = (SGD.Options)live.Options[g];
            paramGroups.Add(new Dictionary<string, object?>
            {
                ["lr"] = options.LearningRate!.Value,
                ["momentum"] = options.momentum!.Value,
                ["dampening"] = options.dampening!.Value,
                ["weight_decay"] = options.weight_decay!.Value,
                ["nesterov"] = options.nesterov!.Value,
                ["maximize"] = options.maximize!.Value,
                ["foreach"] = null,
                ["differentiable"] = false,
                ["initial_lr"] = options.InitialLearningRate,
                ["params"] = Enumerable.Range(index, groups[g].Parameters.Count).Cast<object?>().ToList(),
            });
            index += groups[g].Parameters.Count;
        }
        return new Dictionary<string, object?> { ["state"] = state, ["param_groups"] = paramGroups };
    }

    /// <summary>
    /// Puts a captured state back: momentum buffers (on each parameter's device), group learning rates, the
    /// schedule and torch's generator. Returns the epoch the checkpoint was written after, and the best accuracy.
    /// </summary>
    public static (int Epoch, BestAccuracy Best) Restore(Checkpoint checkpoint, SGD optimizer,
        IReadOnlyList<ParameterGroup> groups, CosineAnnealingSchedule schedule)
    {
        var extra = checkpoint.Extra;
        if (!extra.TryGetValue("epoch", out var epochValue) || epochValue is null)
            throw new CheckpointException(
                $"{checkpoint.Source} holds no training state ('epoch' is missing): it cannot be resumed, only evaluated");
        int epoch = Convert.ToInt32(epochValue);
        RestoreSgd(Entry(extra, "optimizer", checkpoint.Source), optimizer, groups, checkpoint.Source);

        EpochScheduleState.Restore(schedule, Entry(extra, "lr_scheduler", checkpoint.Source), checkpoint.Source);

        if (extra.TryGetValue("rng_state", out var rng) && rng is Tensor rngState)
            Generator.Default.set_state(rngState);

        var bestDict = Entry(extra, "best", checkpoint.Source);
        var best = new BestAccuracy(Convert.ToDouble(bestDict["acc"]), Convert.ToInt32(bestDict["epoch"]));
        return (epoch, best);
    }

    /// <summary>
    /// Puts an SGD state saved in <c>optimizer.state_dict()</c> layout back: group learning rates and momentum
    /// buffers (on each parameter's device and in its dtype).
    /// </summary>
    public static void RestoreSgd(IDictionary optimizerState, SGD optimizer, IReadOnlyList<ParameterGroup> groups, string source)
    {
        var live = optimizer.state_dict();
        var savedGroups = List(optimizerState, "param_groups", source);
        if (savedGroups.Count != live.Options.Count)
            throw new CheckpointException(
                $"{source}: the optimiser has {savedGroups.Count} parameter groups, this run {live.Options.Count} (was --tunable-lif changed?)");
        for (int g = 0; g < savedGroups.Count; g++)
        {
            var saved = (IDictionary)savedGroups[g]!;
            int count = ((IList)saved["params"]!).Count;
            if (count != live.StateIndexRef[g].Count)
                throw new CheckpointException(
                    $"{source}: parameter group {g} holds {count} parameters, this model's {live.StateIndexRef[g].Count}");
            live.Options[g].LearningRate = Convert.ToDouble(saved["lr"]);
        }

        var savedState = Dict(optimizerState, "state", source);
        var parameters = groups.SelectMany(g => g.Parameters.Select(p => p.Parameter)).ToList();
        using (no_grad())
        {
            for (int i = 0; i < live.State.Count; i++)
            {
                var sgdState = (SGD.State)live.State[i];
                var entry = savedState.Contains(i) ? (IDictionary?)savedState[i] : null;
                var buffer = entry?["momentum_buffer"] as Tensor;
                sgdState.momentum_buffer?.Dispose();
                sgdState.momentum_buffer = buffer is null
                    ? null!
                    : buffer.to(parameters[i].dtype).to(parameters[i].device, copy: true).DetachFromDisposeScope();
            }
        }
    }

    /// <summary>A checkpoint's top-level dict entry that resuming needs.</summary>
    /// <exception cref="CheckpointException">It is missing or not a dict.</exception>
    public static IDictionary Entry(IReadOnlyDictionary<string, object?> parent, string key, string source) =>
        parent.TryGetValue(key, out var v) && v is IDictionary d
            ? d
            : throw new CheckpointException($"{source} holds no '{key}' entry: it cannot be resumed");

    private static IDictionary Dict(IDictionary parent, string key, string source) =>
        parent[key] as IDictionary ?? throw new CheckpointException($"{source}: optimiser state has no '{key}'");

    private static IList List(IDictionary parent, string key, string source) =>
        parent[key] as IList ?? throw new CheckpointException($"{source}: optimiser state has no '{key}' list");
}
