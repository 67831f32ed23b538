namespace GatedLif.Files;

/// <summary>
/// Replaces a file only once its new content is completely on disk, so a crash or an exception
/// mid-write never leaves a truncated checkpoint behind or destroys the previous one.
/// </summary>
public static class AtomicFile
{
    private const string TemporaryMarker = ".tmp-";

    /// <summary>Whether a file name is one of our temporary names (left behind only if the process was
    /// killed).</summary>
    public static bool IsTemporary(string fileName) => fileName.Contains(TemporaryMarker, StringComparison.Ordinal);

    /// <summary>
    /// Runs <paramref name="write"/> against a temporary file next to <paramref name="path"/>, flushes it to disk and
    /// renames it over <paramref name="path"/>. If anything throws, the temporary file is deleted and
    /// <paramref name="path"/> is left as it was.
    /// </summary>
    public static void Write(string path, Action<Stream> write)
    {
        // Same directory, so the final rename stays on one file system and is atomic; unique, so two writers
        // of the same path never share (or delete) each other's temporary file.
        var temporary = $"{path}{TemporaryMarker}{Environment.ProcessId}-{Guid.NewGuid():N}";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            if (File.Exists(temporary))
                File.Delete(temporary);
            throw;
        }
    }
}
