using System.Globalization;
using System.Text.RegularExpressions;
using GatedLif.Files;

namespace GatedLif.Training.Checkpointing;

/// <summary>
/// Where training writes checkpoints. The reference's files: <c>./raw/models/{tag}-checkpoint-{epoch:06}.pth.tar</c>
/// (best top-1, every 20 and every --save-interval epochs). Ours in addition: after every epoch one rolling
/// <c>./raw/models/resume/{tag}-checkpoint-{epoch:06}.pth.tar</c>, so an interrupted run loses at most the
/// epoch in progress. It lives in a subfolder so that <c>--eval</c>'s "last name containing the tag" rule
/// still finds the reference's files.
/// </summary>
public static partial class CheckpointNames
{
    public const string DefaultFolder = "./raw/models";
    public const string ResumeSubfolder = "resume";

    public static string FileName(string modelTag, int epoch) =>
        string.Create(CultureInfo.InvariantCulture, $"{modelTag}-checkpoint-{Pad(epoch)}.pth.tar");

    /// <summary>Python's <c>'{:06}'.format(epoch)</c>: zero-padded to six characters, sign included.</summary>
    private static string Pad(int epoch) =>
        epoch < 0
            ? "-" + (-epoch).ToString("D5", CultureInfo.InvariantCulture)
            : epoch.ToString("D6", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"-checkpoint-(-?\d+)\.pth\.tar$")]
    private static partial Regex EpochPattern();

    /// <summary>The epoch in a checkpoint's file name, if it follows the naming rule.</summary>
    public static int? EpochOf(string path)
    {
        var m = EpochPattern().Match(Path.GetFileName(path));
        return m.Success ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    /// <summary>
    /// The checkpoints to resume a tag from, newest first: the files in <paramref name="folder"/> and its resume
    /// subfolder whose names contain the tag, by the epoch in their names; of two with the same epoch the resume point
    /// (written after the epoch's schedule step) first. Empty when there is none.
    /// </summary>
    public static IReadOnlyList<string> ResumeCandidates(string folder, string modelTag)
    {
        IEnumerable<string> Candidates(string dir) =>
            Directory.Exists(dir)
                ? Directory
                    .EnumerateFiles(dir)
                    .Where(f =>
                        Path.GetFileName(f).Contains(modelTag, StringComparison.Ordinal)
                        && !AtomicFile.IsTemporary(Path.GetFileName(f))
                    )
                : [];
        return Candidates(folder)
            .Concat(Candidates(Path.Combine(folder, ResumeSubfolder)))
            .Select(f => (Path: f, Epoch: EpochOf(f)))
            .Where(c => c.Epoch is not null)
            .OrderByDescending(c => c.Epoch)
            .ThenByDescending(c =>
                c.Path.Contains(Path.DirectorySeparatorChar + ResumeSubfolder + Path.DirectorySeparatorChar) ? 1 : 0
            )
            .Select(c => c.Path)
            .ToList();
    }
}
