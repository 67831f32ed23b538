using System.Text.RegularExpressions;
using GatedLif.Data.Datasets;
using GatedLif.Data.Datasets.Dvs;
using GatedLif.Data.Download;
using GatedLif.Tests.Data.Datasets.Dvs;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Data.Download;

/// <summary>
/// CIFAR10-DVS from its per-class archives: <c>download/</c> checked against the MD5s, missing or damaged archives
/// fetched from a loopback server, extraction into SpikingJelly's <c>extract/&lt;class&gt;/*.aedat</c> and the frame
/// cache built from it. Every bad archive or recording is one error naming the file, with the data folder unchanged.
/// </summary>
public sealed class Cifar10DvsDownloaderTests : IDisposable
{
    private readonly TempFolder root = new();
    private readonly Dictionary<string, byte[]> zips = DvsArchiveFixture.Zips();

    public void Dispose() => root.Dispose();

    private string DataDir => Path.Combine(root.Path, "CIFAR10DVS");

    private string Download => Path.Combine(DataDir, Cifar10DvsDownloader.DownloadFolderName);

    private static ArchiveDownloadOptions Options(TextWriter? progress = null) =>
        new()
        {
            Progress = progress,
            ConnectTimeout = TimeSpan.FromSeconds(30),
            StallTimeout = TimeSpan.FromSeconds(30),
        };

    private void PutArchives(IReadOnlyDictionary<string, byte[]> archives)
    {
        foreach (var (name, content) in archives)
            File.WriteAllBytes(root.File("CIFAR10DVS", "download", name), content);
    }

    private bool Ensure(
        IReadOnlyList<Cifar10DvsArchive> archives,
        bool allowDownload = false,
        TextWriter? progress = null
    ) => Cifar10DvsDownloader.EnsureEvents(DataDir, 4, FrameSplit.Number, allowDownload, Options(progress), archives);

    /// <summary>Runs an extraction that must fail, checks the data folder is unchanged, and returns the
    /// error.</summary>
    private DatasetException Fails(IReadOnlyList<Cifar10DvsArchive> archives, bool allowDownload = false)
    {
        string[] before = FolderSnapshot.Of(DataDir);
        var error = Assert.Throws<DatasetException>(() => Ensure(archives, allowDownload));
        Assert.Equal(before, FolderSnapshot.Of(DataDir));
        return error;
    }

    [Fact]
    public void Archives_in_download_extract_to_SpikingJelly_layout_and_build_frames()
    {
        PutArchives(zips);
        var progress = new StringWriter();

        Assert.True(Ensure(DvsArchiveFixture.Describing(zips), progress: progress));

        var expected = DvsArchiveFixture.Classes.SelectMany(c =>
            new[] { $"extract/{c}/" }.Concat(
                Enumerable
                    .Range(0, DvsArchiveFixture.RecordingsPerClass)
                    .Select(k => $"extract/{c}/cifar10_{c}_{k}.aedat")
            )
        );
        Assert.Equal(
            expected.Order(StringComparer.Ordinal),
            FolderSnapshot.Of(DataDir).Where(p => p.StartsWith("extract/", StringComparison.Ordinal) && p != "extract/")
        );
        Assert.Equal(
            zips.Keys.Select(k => "download/" + k).Prepend("download/").Order(StringComparer.Ordinal),
            FolderSnapshot.Of(DataDir).Where(p => p.StartsWith("download/", StringComparison.Ordinal))
        );
        var (name, content) = DvsArchiveFixture.Recordings("cat", 101).First();
        Assert.Equal(content, File.ReadAllBytes(Path.Combine(DataDir, "extract", name)));
        Assert.Contains($"Extracted to {Path.Combine(DataDir, "extract")}", progress.ToString());

        var report = FrameCache.Prepare(DataDir, 4, FrameSplit.Number, workers: 2);
        Assert.Equal(DvsArchiveFixture.Classes.Length * DvsArchiveFixture.RecordingsPerClass, report.Built);
        Assert.Equal(DvsArchiveFixture.Classes, DvsFrameFolder.Open(report.Folder).Classes);

        // Once extracted (or with a frame cache), nothing is checked or fetched again.
        File.Delete(Path.Combine(Download, "cat.zip"));
        Assert.False(Ensure(DvsArchiveFixture.Describing(zips)));
    }

    [Fact]
    public void Missing_and_damaged_archives_are_downloaded_and_verified()
    {
        PutArchives(
            new Dictionary<string, byte[]> { ["airplane.zip"] = zips["airplane.zip"], ["cat.zip"] = [1, 2, 3] }
        );
        using var server = new LoopbackHttpServer(path => HttpReply.Ok(zips[path.Split('/')[^1]]));
        var progress = new StringWriter();

        Assert.True(
            Ensure(
                DvsArchiveFixture.Describing(zips, $"http://127.0.0.1:{server.Port}/files/"),
                allowDownload: true,
                progress
            )
        );

        Assert.Equal(["/files/cat.zip", "/files/truck.zip"], server.Paths.Order(StringComparer.Ordinal));
        foreach (var (name, content) in zips)
            Assert.Equal(content, File.ReadAllBytes(Path.Combine(Download, name)));
        Assert.Contains(
            $"'{Path.Combine(Download, "cat.zip")}' has MD5 {DvsArchiveFixture.Md5([1, 2, 3])}, expected "
                + $"{DvsArchiveFixture.Md5(zips["cat.zip"])}",
            progress.ToString()
        );
        Assert.True(Directory.Exists(Path.Combine(DataDir, "extract", "truck")));
        Assert.DoesNotContain(FolderSnapshot.Of(DataDir), p => p.Contains(".part") || p.Contains(".extracting"));
    }

    [Fact]
    public void A_damaged_archive_without_downloads_is_an_error_naming_it()
    {
        var damaged = new Dictionary<string, byte[]>(zips) { ["cat.zip"] = zips["cat.zip"][..^10] };
        PutArchives(damaged);

        var error = Fails(DvsArchiveFixture.Describing(zips));

        string path = Path.Combine(Download, "cat.zip");
        Assert.Equal(
            $"'{path}' has MD5 {DvsArchiveFixture.Md5(damaged["cat.zip"])}, expected "
                + $"{DvsArchiveFixture.Md5(zips["cat.zip"])}: "
                + "it is damaged or not the official archive",
            error.Message
        );
    }

    [Fact]
    public void Missing_archives_without_downloads_are_listed_and_nothing_is_created()
    {
        Directory.CreateDirectory(DataDir);

        var error = Fails(DvsArchiveFixture.Describing(zips));

        Assert.StartsWith($"'{DataDir}' holds no CIFAR10-DVS recordings", error.Message);
        Assert.Contains(
            $"'{Download}' lacks 3 of the 3 archives, which are not downloaded as asked: airplane.zip (MD5 ",
            error.Message
        );
        Assert.Contains("truck.zip (MD5 ", error.Message);
        Assert.Contains("from http://dvs.invalid/files/truck.zip", error.Message);
    }

    [Fact]
    public void A_truncated_archive_with_its_own_MD5_fails_to_extract_naming_it()
    {
        var truncated = new Dictionary<string, byte[]>(zips)
        {
            ["cat.zip"] = zips["cat.zip"][..(zips["cat.zip"].Length / 2)],
        };
        PutArchives(truncated);

        var error = Fails(DvsArchiveFixture.Describing(truncated));

        Assert.StartsWith($"archive '{Path.Combine(Download, "cat.zip")}' could not be extracted: ", error.Message);
    }

    [Fact]
    public void A_corrupt_archive_fails_its_CRC_naming_it()
    {
        var corrupt = new Dictionary<string, byte[]>(zips);
        // Stored (uncompressed) recordings, so a flipped byte in a recording's events reads back as bad data, not as a
        // bad deflate stream.
        corrupt["cat.zip"] = DvsArchiveFixture.Zip(
            "cat",
            101,
            level: System.IO.Compression.CompressionLevel.NoCompression
        );
        int events = corrupt["cat.zip"].Length / 3;
        corrupt["cat.zip"][events] ^= 0x55;
        PutArchives(corrupt);

        var error = Fails(DvsArchiveFixture.Describing(corrupt));

        Assert.Matches(
            $"^archive '{Regex.Escape(Path.Combine(Download, "cat.zip"))}' could not be extracted: "
                + "entry 'cat/cifar10_cat_[0-9].aedat' has CRC-32 [0-9a-f]{8}, the archive records [0-9a-f]{8}$",
            error.Message
        );
    }

    [Theory]
    [InlineData("truncated", "event file 'cat/cifar10_cat_1.aedat' is truncated: ")]
    [InlineData("headerless", "event file 'cat/cifar10_cat_1.aedat' has no AER-DAT header")]
    [InlineData("empty", "event file 'cat/cifar10_cat_1.aedat' holds no events")]
    public void A_corrupt_recording_names_the_archive_and_the_file(string damage, string message)
    {
        var recordings = DvsArchiveFixture.Recordings("cat", 101).ToList();
        var (name, content) = recordings[1];
        int header = AedatFixture.Header.Length;
        recordings[1] = (
            name,
            damage switch
            {
                "truncated" => content[..^3],
                "headerless" => content[header..],
                _ => content[..header],
            }
        );
        var bad = new Dictionary<string, byte[]>(zips) { ["cat.zip"] = DvsArchiveFixture.Zip("cat", 0, recordings) };
        PutArchives(bad);

        var error = Fails(DvsArchiveFixture.Describing(bad));

        Assert.StartsWith($"archive '{Path.Combine(Download, "cat.zip")}': {message}", error.Message);
    }

    [Fact]
    public void An_entry_outside_the_extraction_folder_is_refused()
    {
        var evil = new Dictionary<string, byte[]>(zips)
        {
            ["cat.zip"] = DvsArchiveFixture.Zip(
                "cat",
                0,
                [("../cat/cifar10_cat_0.aedat", DvsArchiveFixture.Recordings("cat", 1).First().Content)]
            ),
        };
        PutArchives(evil);

        var error = Fails(DvsArchiveFixture.Describing(evil));

        Assert.Equal(
            $"archive '{Path.Combine(Download, "cat.zip")}' holds the entry "
                + $"'../cat/cifar10_cat_0.aedat', which would land "
                + "outside the extraction folder; nothing from it is used",
            error.Message
        );
    }

    [Fact]
    public void An_archive_without_its_class_folder_is_refused()
    {
        var flat = new Dictionary<string, byte[]>(zips)
        {
            ["cat.zip"] = DvsArchiveFixture.Zip("dog", 0, DvsArchiveFixture.Recordings("dog", 5)),
        };
        PutArchives(flat);

        var error = Fails(DvsArchiveFixture.Describing(flat));

        Assert.Equal(
            $"archive '{Path.Combine(Download, "cat.zip")}' holds no cat/*.aedat recordings, the layout of the "
                + $"CIFAR10-DVS archives",
            error.Message
        );
    }

    [Fact]
    public void A_frame_cache_of_that_T_needs_no_archives()
    {
        Directory.CreateDirectory(Path.Combine(DataDir, FrameCache.FolderName(4, FrameSplit.Number), "cat"));
        string[] before = FolderSnapshot.Of(DataDir);

        Assert.False(Ensure(DvsArchiveFixture.Describing(zips)));
        Assert.Equal(before, FolderSnapshot.Of(DataDir));
    }

    [Fact]
    public void The_official_list_is_SpikingJellys()
    {
        var official = Cifar10DvsArchive.Official;
        Assert.Equal(
            ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"],
            official.Select(a => a.ClassName)
        );
        Assert.Equal("https://ndownloader.figshare.com/files/7712812", official[3].Url.AbsoluteUri);
        Assert.Equal("52c63c677c2b15fa5146a8daf4d56687", official[3].Md5);
        Assert.All(official, a => Assert.Matches("^[0-9a-f]{32}$", a.Md5));
    }
}
