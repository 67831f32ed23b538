namespace GatedLif.Tests.Data;

/// <summary>Reference files produced by the Python reference, kept next to the repository in <c>../shared/golden</c>.</summary>
internal static class GoldenFiles
{
    public static string Folder { get; } = Path.Combine(RepositoryRoot(), "..", "shared", "golden");

    /// <summary>The folder that contains <c>cifar-10-batches-py</c> with a 300-image <c>test_batch</c>.</summary>
    public static string CifarDatasetPath => Path.Combine(Folder, "cifar");

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GatedLif.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No GatedLif.sln above '{AppContext.BaseDirectory}'.");
    }
}
