using System.Diagnostics;

namespace GatedLif.Data.Datasets.Dvs;

/// <summary>
/// SpikingJelly's frame cache of CIFAR10-DVS:
/// <c>&lt;data_dir&gt;/frames_number_{T}_split_by_{number|time}/&lt;class&gt;/&lt;file&gt;.npz</c>, one file per event
/// file. Event files are looked for in <c>&lt;data_dir&gt;/extract/&lt;class&gt;/*.aedat</c> (SpikingJelly's layout) or
/// else <c>&lt;data_dir&gt;/&lt;class&gt;/*.aedat</c>. Frame files already present, SpikingJelly's included, are used
/// as they are; missing ones are built in parallel, each written atomically.
/// </summary>
public static class FrameCache
{
    public const string EventExtension = ".aedat";

    public static string FolderName(int frames, FrameSplit split) =>
        $"frames_number_{frames}_split_by_{(split == FrameSplit.Number ? "number" : "time")}";

    /// <summary>What a <see cref="Prepare"/> call did.</summary>
    public sealed record BuildReport(string Folder, int Built, int Reused, double Seconds)
    {
        public double FilesPerSecond => Built == 0 ? 0 : Built / Math.Max(Seconds, 1e-9);
    }

    /// <summary>Makes sure every event file has its frame file and returns the cache folder.</summary>
    public static BuildReport Prepare(string dataDir, int frames, FrameSplit split, int workers)
    {
        if (!Directory.Exists(dataDir))
            throw new DatasetException($"data folder '{dataDir}' does not exist");
        var folder = Path.Combine(dataDir, FolderName(frames, split));
        var jobs = EventFiles(dataDir)
            .Select(e =>
                (
                    Source: e.Path,
                    Target: Path.Combine(folder, e.Class, Path.GetFileNameWithoutExtension(e.Path) + ".npz")
                )
            )
            .ToList();
        if (jobs.Count == 0 && !Directory.Exists(folder))
            throw new DatasetException(
                $"'{dataDir}' holds neither {EventExtension} files in class folders (<class>/*{EventExtension} or "
                    + $"extract/<class>/*{EventExtension}) nor a frame cache '{FolderName(frames, split)}'"
            );
        var missing = jobs.Where(j => !File.Exists(j.Target)).ToList();
        foreach (var dir in missing.Select(j => Path.GetDirectoryName(j.Target)!).Distinct())
            Directory.CreateDirectory(dir);
        var clock = Stopwatch.StartNew();
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, workers) };
        try
        {
            Parallel.ForEach(missing, options, job =>
            {
                var events = AedatReader.Read(job.Source);
                var data = FrameIntegration.Integrate(events, frames, split, job.Source);
                NpzFrames.Write(job.Target, data, [frames, 2, AedatReader.Resolution, AedatReader.Resolution]);
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.FirstOrDefault(x => x is DatasetException) is { } first)
        {
            throw first;
        }
        return new BuildReport(folder, missing.Count, jobs.Count - missing.Count, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Whether <paramref name="dataDir"/> holds recordings to build frames from: SpikingJelly's <c>extract</c> folder
    /// (which, as SpikingJelly does, counts once it exists) or class folders of event files.
    /// </summary>
    public static bool HasEvents(string dataDir) =>
        Directory.Exists(Path.Combine(dataDir, ExtractFolderName)) || EventFiles(dataDir).Any();

    /// <summary>SpikingJelly's folder of extracted recordings,
    /// <c>&lt;data_dir&gt;/extract/&lt;class&gt;/*.aedat</c>.</summary>
    public const string ExtractFolderName = "extract";

    /// <summary>Event files by class folder; class folders are those holding at least one event file.</summary>
    private static IEnumerable<(string Class, string Path)> EventFiles(string dataDir)
    {
        if (!Directory.Exists(dataDir))
            yield break;
        var extract = Path.Combine(dataDir, ExtractFolderName);
        var root = Directory.Exists(extract) ? extract : dataDir;
        foreach (var classDir in Directory.EnumerateDirectories(root))
        {
            var name = Path.GetFileName(classDir);
            foreach (var file in Directory.EnumerateFiles(classDir, "*" + EventExtension))
                yield return (name, file);
        }
    }
}
