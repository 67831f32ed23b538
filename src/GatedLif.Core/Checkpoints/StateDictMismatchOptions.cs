namespace GatedLif.Checkpoints;

/// <summary>How the error of a strict <see cref="StateDictLoader.Load"/> whose keys do not match reads.</summary>
/// <param name="KeysShown">How many keys of each kind (missing, unexpected, misshapen) it lists; null lists them
/// all.</param>
/// <param name="MoreKeysNote">Follows a list cut short, e.g. how to see the rest.</param>
/// <param name="Hint">
/// Given the checkpoint's keys (a <c>module.</c> prefix removed) and shapes, one closing line on what the
/// checkpoint looks like, or null for none. Called only when the load fails.
/// </param>
public sealed record StateDictMismatchOptions(
    int? KeysShown = StateDictMismatchOptions.DefaultKeysShown,
    string? MoreKeysNote = null,
    Func<IReadOnlyDictionary<string, long[]>, string?>? Hint = null
)
{
    public const int DefaultKeysShown = 5;

    public static readonly StateDictMismatchOptions Default = new();
}
