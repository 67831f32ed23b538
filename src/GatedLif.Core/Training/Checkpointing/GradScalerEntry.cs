using System.Collections;
using GatedLif.Checkpoints;

namespace GatedLif.Training.Checkpointing;

/// <summary>
/// Ours, in both checkpoint layouts (the reference ignores it): <c>scaler</c>, the <see cref="GradScaler"/>'s state in
/// <c>torch.cuda.amp.GradScaler.state_dict()</c>'s layout, as torch's AMP recipe saves it, written when the scaler is
/// enabled (<c>--amp</c> on CUDA). Resuming restores all of it, as torch's <c>load_state_dict</c> does, so a resumed
/// run continues at the saved loss scale and growth tracker instead of starting again from 2^16.
/// </summary>
public static class GradScalerEntry
{
    public const string Key = "scaler";

    /// <summary>The entry for <paramref name="scaler"/>, or null when it is disabled.</summary>
    public static Dictionary<string, object?>? Of(GradScaler scaler) =>
        scaler.Enabled ? scaler.StateDict().ToDictionary(e => e.Key, e => (object?)e.Value) : null;

    /// <summary>Gives <paramref name="scaler"/> the checkpoint's state, if it has one and the scaler is
    /// enabled.</summary>
    /// <exception cref="CheckpointException">The entry is there but malformed.</exception>
    public static void Restore(GradScaler scaler, Checkpoint checkpoint)
    {
        if (!scaler.Enabled || !checkpoint.Extra.TryGetValue(Key, out var value) || value is null)
            return;
        if (value is not IDictionary entry)
            throw Malformed(checkpoint, $"is a {value.GetType().Name}, not a dict");
        var state = new Dictionary<string, object>();
        foreach (DictionaryEntry field in entry)
            if (field is { Key: string name, Value: { } fieldValue })
                state[name] = fieldValue;
        try
        {
            scaler.LoadStateDict(state);
        }
        catch (ArgumentException e)
        {
            throw Malformed(checkpoint, e.Message);
        }
    }

    private static CheckpointException Malformed(Checkpoint checkpoint, string what) =>
        new($"{checkpoint.Source}: '{Key}': {what}");
}
