namespace GatedLif.Checkpoints;

/// <summary>
/// The <c>module.</c> prefix nn.DataParallel / DistributedDataParallel put before every state_dict key (the
/// reference's ImageNet checkpoints carry it).
/// </summary>
public static class DataParallelKeys
{
    public const string Prefix = "module.";

    /// <summary>Whether there are keys and every one carries the prefix: exactly what DataParallel writes.</summary>
    public static bool AllPrefixed(IEnumerable<string> keys)
    {
        bool any = false;
        foreach (var key in keys)
        {
            if (!key.StartsWith(Prefix, StringComparison.Ordinal))
                return false;
            any = true;
        }
        return any;
    }

    /// <summary>The entries with the prefix removed when every key carries it; otherwise as they are.</summary>
    public static IReadOnlyDictionary<string, T> Stripped<T>(IReadOnlyDictionary<string, T> state) =>
        AllPrefixed(state.Keys) ? state.ToDictionary(e => e.Key[Prefix.Length..], e => e.Value) : state;
}
