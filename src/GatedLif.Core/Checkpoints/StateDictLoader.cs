using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Checkpoints;

/// <summary>
/// Copies a state dict (e.g. <see cref="Checkpoint.StateDict"/>) into a TorchSharp module, converting dtype and
/// device to the model's own tensors, with error messages that list every problem at once.
/// </summary>
public static class StateDictLoader
{
    /// <summary>
    /// Loads <paramref name="source"/> into <paramref name="model"/>.
    /// Keys written by nn.DataParallel / DistributedDataParallel ('module.' before every key) are matched without the
    /// prefix.
    /// </summary>
    /// <param name="sourceName">Named in error messages, usually the checkpoint path.</param>
    /// <param name="strict">
    /// true: any missing, unexpected or wrongly shaped key throws and nothing is copied.
    /// false: the matching tensors are copied and the rest is reported.
    /// </param>
    /// <param name="mismatch">How the error of a strict load lists the keys and what it suggests; default: the first
    /// <see cref="StateDictMismatchOptions.DefaultKeysShown"/> keys of each kind, no hint.</param>
    /// <exception cref="CheckpointException">strict is set and the keys or shapes do not match.</exception>
    public static StateDictLoadReport Load(
        nn.Module model,
        IReadOnlyDictionary<string, Tensor> source,
        string sourceName,
        bool strict = true,
        StateDictMismatchOptions? mismatch = null
    )
    {
        var target = model.state_dict();
        var strip = ShouldStripPrefix(target.Keys, source.Keys);
        var renamed = source.ToDictionary(
            kv => strip ? kv.Key[DataParallelKeys.Prefix.Length..] : kv.Key,
            kv => kv.Value
        );

        var missing = target.Keys.Where(k => !renamed.ContainsKey(k)).ToList();
        var unexpected = renamed.Keys.Where(k => !target.ContainsKey(k)).Order(ModuleNameOrder.Comparer).ToList();
        var mismatches = target
            .Where(kv => renamed.TryGetValue(kv.Key, out var t) && !kv.Value.shape.SequenceEqual(t.shape))
            .Select(kv => new ShapeMismatch(kv.Key, kv.Value.shape, renamed[kv.Key].shape))
            .ToList();

        if (strict && (missing.Count > 0 || unexpected.Count > 0 || mismatches.Count > 0))
            throw new CheckpointException(
                StateDictMismatchMessage.Describe(
                    sourceName,
                    strip,
                    missing,
                    unexpected,
                    mismatches,
                    renamed.ToDictionary(kv => kv.Key, kv => kv.Value.shape),
                    mismatch ?? StateDictMismatchOptions.Default
                )
            );

        var mismatched = mismatches.Select(m => m.Key).ToHashSet();
        var loaded = target.Keys.Where(k => renamed.ContainsKey(k) && !mismatched.Contains(k)).ToList();
        using (no_grad())
        {
            // copy_ converts dtype (e.g. float64 gates into float32 parameters) and device in one step.
            foreach (var key in loaded)
                target[key].copy_(renamed[key]);
        }

        return new StateDictLoadReport(loaded, missing, unexpected, mismatches, strip);
    }

    // Only strip when every checkpoint key carries the prefix and no model key does: that is exactly what
    // DataParallel writes, and a partial match is better reported as unexpected keys than silently renamed.
    private static bool ShouldStripPrefix(IEnumerable<string> targetKeys, IEnumerable<string> sourceKeys) =>
        DataParallelKeys.AllPrefixed(sourceKeys)
        && !targetKeys.Any(k => k.StartsWith(DataParallelKeys.Prefix, StringComparison.Ordinal));
}
