namespace GatedLif.Tests.TestSupport;

/// <summary>Where the repository and the shared reference files are, found from the test assembly's location.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Files written by the reference PyTorch code (<c>../shared/golden</c> from the repository root).</summary>
    public static string Golden => Path.GetFullPath(Path.Combine(Root, "..", "shared", "golden"));

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "GatedLif.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"GatedLif.sln not found above {AppContext.BaseDirectory}");
    }
}
