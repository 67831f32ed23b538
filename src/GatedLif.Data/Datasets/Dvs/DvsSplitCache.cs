using System.Text.Json;
using System.Text.Json.Serialization;
using GatedLif.Files;

namespace GatedLif.Data.Datasets.Dvs;

/// <summary>
/// The train/test split of a CIFAR10-DVS frame cache, kept in a cache folder (the reference's <c>-dts_cache</c>, where
/// it pickles torch <c>Subset</c> objects as <c>train_set_{T}.pt</c> and <c>test_set_{T}.pt</c>) as one JSON file per
/// T, <c>split_T_{T}.json</c>:
/// <code>
/// {"format": "cifar10dvs-split", "version": 1, "frames": 16, "train_ratio": 0.9,
///  "frame_folder": "/data/CIFAR10DVS/frames_number_16_split_by_number",
///  "classes": ["airplane", ..., "truck"],
///  "train": [["airplane/cifar10_airplane_0.npz", 0], ...],
///  "test":  [["airplane/cifar10_airplane_900.npz", 0], ...]}
/// </code>
/// Samples are frame files relative to <c>frame_folder</c> (an absolute path) with their class index, in loader order.
/// A file is reused when it was written for the same T, ratio and folder and its samples are exactly the folder's
/// (names, classes); otherwise, as when it is unreadable, the split is made again, with a warning, and rewritten.
/// </summary>
public static class DvsSplitCache
{
    public const string Format = "cifar10dvs-split";

    public const int Version = 1;

    public static string FileName(int frames) => $"split_T_{frames}.json";

    /// <summary>
    /// The split of <paramref name="folder"/> for T = <paramref name="frames"/>: read from <paramref name="cacheDir"/>
    /// when it matches the data, else <see cref="DvsFrameFolder.Split"/>, written there (atomically, the folder
    /// created).
    /// </summary>
    public static (List<DvsSample> Train, List<DvsSample> Test) LoadOrCreate(
        string cacheDir,
        DvsFrameFolder folder,
        int frames,
        double trainRatio = 0.9,
        Action<string>? warn = null
    )
    {
        string path = Path.Combine(cacheDir, FileName(frames));
        string root = Path.GetFullPath(folder.Root);
        if (File.Exists(path))
        {
            var reason = Read(path, out var cached) ?? Mismatch(cached!, folder, root, frames, trainRatio);
            if (reason is null)
                return (Samples(cached!.Train, root), Samples(cached.Test, root));
            warn?.Invoke($"split cache '{path}' does not match the data ({reason}); making the split again");
        }
        var (train, test) = folder.Split(trainRatio);
        var record = new SplitFile(
            Format,
            Version,
            frames,
            trainRatio,
            root,
            [.. folder.Classes],
            Entries(train, root),
            Entries(test, root)
        );
        Directory.CreateDirectory(cacheDir);
        AtomicFile.Write(path, stream => JsonSerializer.Serialize(stream, record, Json));
        return (train, test);
    }

    /// <summary>The file as written, or why it cannot be read.</summary>
    private static string? Read(string path, out SplitFile? file)
    {
        file = null;
        try
        {
            using var stream = File.OpenRead(path);
            file = JsonSerializer.Deserialize<SplitFile>(stream, Json);
        }
        catch (JsonException e)
        {
            return $"unreadable: {JsonProblem.Describe(e)}";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return $"unreadable: {e.Message}";
        }
        if (file is null || file.Format != Format || file.Train is null || file.Test is null || file.Classes is null)
            return $"not a {Format} file";
        if (file.Version != Version)
            return $"version {file.Version}, expected {Version}";
        return null;
    }

    private static string? Mismatch(SplitFile file, DvsFrameFolder folder, string root, int frames, double trainRatio)
    {
        if (file.Frames != frames)
            return $"written for T = {file.Frames}";
        if (file.TrainRatio != trainRatio)
            return $"written for a train ratio of {file.TrainRatio}";
        if (file.FrameFolder != root)
            return $"written for '{file.FrameFolder}'";
        if (!file.Classes.SequenceEqual(folder.Classes))
            return "the class folders differ";
        var cached = file.Train.Concat(file.Test).Select(e => (e.Path, e.Label)).ToList();
        var actual = Entries(folder.Samples, root).Select(e => (e.Path, e.Label)).ToHashSet();
        if (cached.Count != actual.Count)
            return $"it lists {cached.Count} samples, the folder holds {actual.Count}";
        if (cached.ToHashSet().Count != cached.Count || !cached.All(actual.Contains))
            return "its samples are not the folder's";
        return null;
    }

    private static List<SplitEntry> Entries(IEnumerable<DvsSample> samples, string root) =>
        samples
            .Select(s => new SplitEntry(
                Path.GetRelativePath(root, Path.GetFullPath(s.Path)).Replace('\\', '/'),
                s.Label
            ))
            .ToList();

    private static List<DvsSample> Samples(IEnumerable<SplitEntry> entries, string root) =>
        entries.Select(e => new DvsSample(Path.Combine(root, e.Path), e.Label)).ToList();

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new SplitEntryConverter() },
    };

    private sealed record SplitFile(
        string Format,
        int Version,
        int Frames,
        double TrainRatio,
        string FrameFolder,
        List<string> Classes,
        List<SplitEntry> Train,
        List<SplitEntry> Test
    );

    private sealed record SplitEntry(string Path, int Label);

    /// <summary>A sample as the pair <c>[path, label]</c>, which keeps a 10,000-sample file short and
    /// readable.</summary>
    private sealed class SplitEntryConverter : JsonConverter<SplitEntry>
    {
        public override SplitEntry Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (
                reader.TokenType != JsonTokenType.StartArray
                || !reader.Read()
                || reader.TokenType != JsonTokenType.String
            )
                throw new JsonException("a sample is [path, label]");
            string path = reader.GetString()!;
            if (
                !reader.Read()
                || reader.TokenType != JsonTokenType.Number
                || !reader.TryGetInt32(out int label)
                || !reader.Read()
                || reader.TokenType != JsonTokenType.EndArray
            )
                throw new JsonException("a sample is [path, label]");
            return new SplitEntry(path, label);
        }

        public override void Write(Utf8JsonWriter writer, SplitEntry value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            writer.WriteStringValue(value.Path);
            writer.WriteNumberValue(value.Label);
            writer.WriteEndArray();
        }
    }
}
