using System.Text.Json.Nodes;
using GatedLif.Data.Datasets.Dvs;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Data.Datasets.Dvs;

/// <summary>The split cache (<c>-dts_cache</c>): written in its documented JSON, reused while it matches the data,
/// remade with a warning when not.</summary>
public sealed class DvsSplitCacheTests : IDisposable
{
    private readonly TempFolder temp = new();
    private readonly List<string> warnings = [];

    public DvsSplitCacheTests()
    {
        foreach (var c in new[] { "airplane", "truck" })
        // 10 a class: ceil(0.9 * 10) = 9 train, 1 tests.
        foreach (var k in Enumerable.Range(0, 10))
            File.WriteAllBytes(temp.File("frames", c, $"cifar10_{c}_{k}.npz"), []);
    }

    public void Dispose() => temp.Dispose();

    private string Frames => Path.Combine(temp.Path, "frames");

    private string CacheDir => Path.Combine(temp.Path, "dts_cache");

    private string CacheFile => Path.Combine(CacheDir, "split_T_16.json");

    private (List<DvsSample> Train, List<DvsSample> Test) Split() =>
        DvsSplitCache.LoadOrCreate(CacheDir, DvsFrameFolder.Open(Frames), 16, 0.9, warnings.Add);

    [Fact]
    public void The_first_run_writes_the_split_in_the_documented_format()
    {
        var (train, test) = Split();

        AssertSplit(DvsFrameFolder.Open(Frames).Split(0.9), (train, test));
        var json = JsonNode.Parse(File.ReadAllText(CacheFile))!;
        Assert.Equal("cifar10dvs-split", (string)json["format"]!);
        Assert.Equal(1, (int)json["version"]!);
        Assert.Equal(16, (int)json["frames"]!);
        Assert.Equal(0.9, (double)json["train_ratio"]!);
        Assert.Equal(Path.GetFullPath(Frames), (string)json["frame_folder"]!);
        Assert.Equal(["airplane", "truck"], json["classes"]!.AsArray().Select(c => (string)c!));
        // Python's file-name order: _0, _1, _2, ..., _8, _9 here (no _10), so _9 is the one that tests.
        Assert.Equal("[\"truck/cifar10_truck_9.npz\",1]", json["test"]![1]!.ToJsonString());
        Assert.Equal("[\"airplane/cifar10_airplane_0.npz\",0]", json["train"]![0]!.ToJsonString());
        Assert.Equal(18, json["train"]!.AsArray().Count);
        Assert.Empty(warnings);
        Assert.Empty(Directory.GetFiles(CacheDir, "*.tmp-*"));
    }

    [Fact]
    public void A_matching_cache_is_reused_as_written()
    {
        Split();
        // Swap one training and one test sample in the file: what comes back is the file's split, not a new one.
        var json = JsonNode.Parse(File.ReadAllText(CacheFile))!;
        var first = json["train"]![0]!.DeepClone();
        json["train"]![0] = json["test"]![0]!.DeepClone();
        json["test"]![0] = first;
        File.WriteAllText(CacheFile, json.ToJsonString());

        var (train, test) = Split();

        Assert.Equal(Path.Combine(Path.GetFullPath(Frames), "airplane", "cifar10_airplane_9.npz"), train[0].Path);
        Assert.Equal(Path.Combine(Path.GetFullPath(Frames), "airplane", "cifar10_airplane_0.npz"), test[0].Path);
        Assert.Empty(warnings);
    }

    [Fact]
    public void A_cache_that_no_longer_matches_the_folder_is_remade_with_a_warning()
    {
        Split();
        File.WriteAllBytes(temp.File("frames", "truck", "cifar10_truck_10.npz"), []);

        var (train, test) = Split();

        AssertSplit(DvsFrameFolder.Open(Frames).Split(0.9), (train, test));
        var warning = Assert.Single(warnings);
        Assert.Equal(
            $"split cache '{CacheFile}' does not match the data (it lists 20 samples, the folder holds 21); making "
                + $"the split again",
            warning
        );
        Assert.Equal(19, JsonNode.Parse(File.ReadAllText(CacheFile))!["train"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("{not json", "unreadable: ")]
    [InlineData(
        "{\"format\": \"something else\", \"train\": [], \"test\": [], \"classes\": []}",
        "not a cifar10dvs-split file"
    )]
    public void An_unreadable_cache_is_remade_with_a_warning(string content, string reason)
    {
        Directory.CreateDirectory(CacheDir);
        File.WriteAllText(CacheFile, content);

        var (train, _) = Split();

        Assert.Equal(18, train.Count);
        Assert.Contains($"does not match the data ({reason}", Assert.Single(warnings));
        Assert.Equal("cifar10dvs-split", (string)JsonNode.Parse(File.ReadAllText(CacheFile))!["format"]!);
    }

    [Fact]
    public void A_cache_naming_other_samples_is_remade()
    {
        Split();
        File.Move(
            Path.Combine(Frames, "truck", "cifar10_truck_3.npz"),
            Path.Combine(Frames, "truck", "cifar10_truck_30.npz")
        );

        var (train, _) = Split();

        Assert.Contains("(its samples are not the folder's)", Assert.Single(warnings));
        Assert.Contains(train, s => s.Path.EndsWith("cifar10_truck_30.npz", StringComparison.Ordinal));
    }

    [Fact]
    public void A_cache_written_for_another_frame_folder_is_remade()
    {
        Split();
        var json = JsonNode.Parse(File.ReadAllText(CacheFile))!;
        json["frame_folder"] = "/elsewhere/frames_number_16_split_by_number";
        File.WriteAllText(CacheFile, json.ToJsonString());

        Split();

        Assert.Contains("written for '/elsewhere/frames_number_16_split_by_number'", Assert.Single(warnings));
    }

    private static void AssertSplit(
        (List<DvsSample> Train, List<DvsSample> Test) expected,
        (List<DvsSample> Train, List<DvsSample> Test) actual
    )
    {
        Assert.Equal(expected.Train, actual.Train);
        Assert.Equal(expected.Test, actual.Test);
    }
}
