namespace GatedLif.Tests.TestSupport;

/// <summary>
/// A test that reads the reference's golden files: skipped, naming the folder it looked in, where they are not
/// present (xunit 2 decides a skip when it discovers the test, so the attribute decides it). CI always has them.
/// </summary>
public sealed class GoldenFactAttribute : FactAttribute
{
    public GoldenFactAttribute()
    {
        if (RepoPaths.MissingGoldenReason() is { } reason)
            Skip = reason;
    }
}
