namespace GatedLif.Tests.Checkpoints;

/// <summary>Paths shared by the checkpoint tests.</summary>
internal static class TestFiles
{
    /// <summary>The folder holding GatedLif.sln, found by walking up from the test assembly.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>Reference outputs shared next to the repository: &lt;repo&gt;/../shared/golden.</summary>
    public static string GoldenDir => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "golden"));

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GatedLif.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"No GatedLif.sln above {AppContext.BaseDirectory}.");
    }
}
