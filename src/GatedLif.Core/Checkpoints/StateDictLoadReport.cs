namespace GatedLif.Checkpoints;

/// <summary>What <see cref="StateDictLoader.Load"/> copied into the model and what it could not match.</summary>
public sealed record StateDictLoadReport(
    IReadOnlyList<string> Loaded,
    IReadOnlyList<string> Missing,
    IReadOnlyList<string> Unexpected,
    IReadOnlyList<ShapeMismatch> ShapeMismatches,
    bool StrippedModulePrefix
)
{
    /// <summary>Every model tensor was loaded and every checkpoint tensor was used.</summary>
    public bool IsComplete => Missing.Count == 0 && Unexpected.Count == 0 && ShapeMismatches.Count == 0;
}
