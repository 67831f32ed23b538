namespace GatedLif.Data.Download;

/// <summary>The temporary names downloads and extractions work under, their removal, and the rename that ends
/// them.</summary>
internal static class ScratchNames
{
    /// <summary>
    /// A suffix unique to this call: process id and a GUID keep concurrent runs on one folder apart, and tell a user
    /// what leftovers of a killed run are.
    /// </summary>
    public static string Unique() => $"{Environment.ProcessId}-{Guid.NewGuid():N}";

    /// <summary>
    /// Cleanup after success or failure: a cleanup error must not hide the failure being reported, and what it leaves
    /// carries the call's unique suffix.
    /// </summary>
    public static void Quietly(Action delete)
    {
        try
        {
            delete();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    /// <summary>
    /// Moves a finished folder into place with one rename on the same file system, so readers see no folder or a
    /// complete one. When another process installed the same folder first, its copy (which passed the same checks) is
    /// kept and this one is left for the caller's cleanup.
    /// </summary>
    public static void Install(string finished, string target, TextWriter? progress)
    {
        try
        {
            Directory.Move(finished, target);
            progress?.WriteLine($"Extracted to {target}");
        }
        catch (IOException) when (Directory.Exists(target))
        {
            progress?.WriteLine($"{target} appeared during the download (another download finished first); using it");
        }
    }
}
