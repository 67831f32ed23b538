namespace GatedLif.Tests.Data.Download;

/// <summary>Everything under a folder as sorted relative paths (folders end in '/'), to show a failure left nothing
/// behind.</summary>
internal static class FolderSnapshot
{
    public static string[] Of(string folder) =>
        Directory.Exists(folder)
            ? Directory
                .EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories)
                .Select(p => Path.GetRelativePath(folder, p) + (Directory.Exists(p) ? "/" : ""))
                .Order(StringComparer.Ordinal)
                .ToArray()
            : ["<no folder>"];
}
