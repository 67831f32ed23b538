namespace GatedLif.Data.Download;

/// <summary>Where an archive entry is extracted to, for the tar and zip extractors alike.</summary>
internal static class ArchiveEntryPath
{
    /// <summary>
    /// The full path of entry <paramref name="name"/> under <paramref name="root"/> (a full path ending in a
    /// separator), or null when the name is empty, absolute, climbs out of it or holds a control character (a NUL
    /// would cut the name short in the file system's calls): archives are untrusted.
    /// </summary>
    public static string? Resolve(string root, string name)
    {
        if (name.Any(char.IsControl))
            return null;
        string target = Path.GetFullPath(Path.Combine(root, name));
        bool escapes =
            name.Length == 0
            || Path.IsPathRooted(name)
            || name.Split('/', '\\').Contains("..")
            || !(target + Path.DirectorySeparatorChar).StartsWith(root, StringComparison.Ordinal);
        return escapes ? null : target;
    }
}
