namespace GatedLif.Files;

/// <summary>A run checks where it will write before it spends time training, so a folder it cannot write to is
/// named at once rather than at the first save after an epoch.</summary>
public static class WritableFolder
{
    /// <summary>Creates <paramref name="folder"/> if needed and writes and removes a file in it.</summary>
    /// <exception cref="IOException">It cannot be created or written; the message names it and what goes
    /// there.</exception>
    public static void Ensure(string folder, string contents)
    {
        try
        {
            Directory.CreateDirectory(folder);
            var probe = Path.Combine(folder, $".gatedlif-write-check-{Environment.ProcessId}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot write {contents} to the folder '{folder}': {e.Message}", e);
        }
    }
}
