using GatedLif.Files;

namespace GatedLif.Checkpoints;

/// <summary>
/// The reference's <c>get_model</c>: in a folder, the file names that contain the model tag, sorted by code
/// point as Python sorts strings, and the last of them. Published models are passed whole as the tag.
/// Unlike the reference it skips folders and the temporary files of an interrupted atomic write.
/// </summary>
public static class CheckpointLocator
{
    public static string Find(string folder, string modelTag)
    {
        if (!Directory.Exists(folder))
            throw new CheckpointException($"checkpoint folder {folder} does not exist");
        var candidates = Directory
            .EnumerateFiles(folder)
            .Select(Path.GetFileName)
            .Where(name => name!.Contains(modelTag, StringComparison.Ordinal) && !AtomicFile.IsTemporary(name))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (candidates.Count == 0)
            throw new CheckpointException($"no file in {folder} has a name containing the model tag '{modelTag}'");
        return Path.Combine(folder, candidates[^1]!);
    }
}
