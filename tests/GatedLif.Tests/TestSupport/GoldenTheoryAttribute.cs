namespace GatedLif.Tests.TestSupport;

/// <summary>A theory that reads the golden files, skipped as <see cref="GoldenFactAttribute"/> is where they are not
/// present (a skipped theory does not enumerate its data, which may come from the golden folder).</summary>
public sealed class GoldenTheoryAttribute : TheoryAttribute
{
    public GoldenTheoryAttribute()
    {
        if (RepoPaths.MissingGoldenReason() is { } reason)
            Skip = reason;
    }
}
