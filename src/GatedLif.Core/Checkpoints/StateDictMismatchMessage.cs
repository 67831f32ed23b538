using System.Text;

namespace GatedLif.Checkpoints;

/// <summary>
/// The error text of a state dict that does not fit a model: the counts of missing, unexpected and misshapen
/// keys, the first few of each (all on request), then a hint on what the checkpoint looks like.
/// </summary>
public static class StateDictMismatchMessage
{
    public static string Describe(
        string sourceName,
        bool strippedPrefix,
        IReadOnlyList<string> missing,
        IReadOnlyList<string> unexpected,
        IReadOnlyList<ShapeMismatch> mismatches,
        IReadOnlyDictionary<string, long[]> checkpointShapes,
        StateDictMismatchOptions options
    )
    {
        var text = new StringBuilder($"State dict from '{sourceName}' does not match the model");
        if (strippedPrefix)
            text.Append(" (after removing the 'module.' prefix)");
        text.Append($": {missing.Count} missing, {unexpected.Count} unexpected, {mismatches.Count} misshapen keys");
        AppendGroup(text, "missing keys (in the model, not in the checkpoint)", missing, options);
        AppendGroup(text, "unexpected keys (in the checkpoint, not in the model)", unexpected, options);
        AppendGroup(text, "shape mismatches", mismatches.Select(m => m.ToString()).ToList(), options);
        if (options.Hint?.Invoke(checkpointShapes) is { } hint)
            text.Append($"\n  {hint}");
        return text.ToString();
    }

    private static void AppendGroup(
        StringBuilder text,
        string title,
        IReadOnlyList<string> lines,
        StateDictMismatchOptions options
    )
    {
        if (lines.Count == 0)
            return;
        text.Append($"\n  {title}: {lines.Count}");
        int shown = Math.Min(lines.Count, options.KeysShown ?? lines.Count);
        foreach (var line in lines.Take(shown))
            text.Append($"\n    {line}");
        if (shown < lines.Count)
            text.Append(
                $"\n    … and {lines.Count - shown} more{(options.MoreKeysNote is { } note ? $" ({note})" : "")}"
            );
    }
}
