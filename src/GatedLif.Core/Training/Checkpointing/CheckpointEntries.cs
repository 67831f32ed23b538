using System.Collections;
using GatedLif.Checkpoints;

namespace GatedLif.Training.Checkpointing;

/// <summary>Reading a checkpoint's top-level entries that resuming needs, with one error naming the file and
/// key.</summary>
internal static class CheckpointEntries
{
    public static IDictionary Dict(Checkpoint checkpoint, string key) =>
        checkpoint.Extra.TryGetValue(key, out var v) && v is IDictionary d
            ? d
            : throw new CheckpointException($"{checkpoint.Source} holds no '{key}' entry: it cannot be resumed");

    public static object Value(Checkpoint checkpoint, string key, string? why = null) =>
        checkpoint.Extra.TryGetValue(key, out var v) && v is not null
            ? v
            : throw new CheckpointException(why ?? $"{checkpoint.Source} holds no '{key}': it cannot be resumed");

    /// <summary><paramref name="entries"/> with the snapshot's entries of ours that both layouts carry
    /// (<see cref="ConvolutionPlanEntry"/>, <see cref="GradScalerEntry"/>), each where it has one.</summary>
    public static Dictionary<string, object?> WithOurs(Dictionary<string, object?> entries, TrainingSnapshot snapshot)
    {
        if (snapshot.ConvolutionPlans is { } plans)
            entries[ConvolutionPlanEntry.Key] = plans;
        if (snapshot.Scaler is { } scaler)
            entries[GradScalerEntry.Key] = scaler;
        return entries;
    }

    public static Dictionary<string, object?> StateDict(TrainingSnapshot snapshot, string keyPrefix)
    {
        var state = new Dictionary<string, object?>();
        foreach (var (key, value) in ModuleStateOrder.OrderedStateDict(snapshot.Model))
            state[keyPrefix + key] = value;
        return state;
    }
}
