namespace GatedLif.Tests.TestSupport;

/// <summary>
/// Where the repository and the shared reference files are, found from the test assembly's location. Where the
/// tests run outside a checkout (scripts/gpu-check.sh's packed tests), GATEDLIF_GOLDEN names the golden folder.
/// </summary>
public static class RepoPaths
{
    private static readonly Lazy<string?> RootFolder = new(FindRoot);

    public static string Root =>
        RootFolder.Value
        ?? throw new InvalidOperationException($"GatedLif.sln not found above {AppContext.BaseDirectory}");

    /// <summary>Files written by the reference PyTorch code (<c>../shared/golden</c> from the repository
    /// root).</summary>
    public static string Golden =>
        GoldenFolder()
        ?? throw new InvalidOperationException(
            $"no checkout above {AppContext.BaseDirectory}: GATEDLIF_GOLDEN names the golden folder"
        );

    /// <summary>Whether the golden files are there (outside a checkout only when GATEDLIF_GOLDEN names them).</summary>
    public static bool HasGolden => MissingGoldenReason() is null;

    /// <summary>Why a test that reads the golden files cannot run here, naming where they were looked for; null where
    /// they are present.</summary>
    public static string? MissingGoldenReason() =>
        GoldenFolder() switch
        {
            null =>
                "needs the golden reference files: no checkout above the tests, and GATEDLIF_GOLDEN does not name them",
            { } folder when !File.Exists(Path.Combine(folder, "r18cw.json")) =>
                $"needs the golden reference files, not found in {folder}",
            _ => null,
        };

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    private static string? GoldenFolder() =>
        Environment.GetEnvironmentVariable("GATEDLIF_GOLDEN") is { Length: > 0 } golden ? Path.GetFullPath(golden)
        : RootFolder.Value is { } root ? Path.GetFullPath(Path.Combine(root, "..", "shared", "golden"))
        : null;

    private static string? FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "GatedLif.sln")))
                return dir.FullName;
        return null;
    }
}
