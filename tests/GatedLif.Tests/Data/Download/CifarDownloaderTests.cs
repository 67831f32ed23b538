using System.Text.RegularExpressions;
using GatedLif.Data.Datasets;
using GatedLif.Data.Download;
using GatedLif.Tests.Data.Datasets;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Data.Download;

/// <summary>Downloads that succeed, and the cases where nothing needs downloading, against a loopback server.</summary>
public sealed class CifarDownloaderTests : IDisposable
{
    private readonly TempFolder root = new();

    public void Dispose() => root.Dispose();

    private string DatasetPath => Path.Combine(root.Path, "data");

    private static CifarDownloadOptions Options(LoopbackHttpServer server, TextWriter? progress = null) =>
        new()
        {
            BaseUrl = server.BaseUrl,
            Progress = progress,
            // Generous: these downloads must succeed (or fail on the archive), and a loaded 2-core CI machine can stall
            // a loopback reply for seconds.
            ConnectTimeout = TimeSpan.FromSeconds(30),
            StallTimeout = TimeSpan.FromSeconds(30),
        };

    [Fact]
    public void Downloads_and_extracts_CIFAR10_so_the_dataset_opens()
    {
        byte[] served = CifarArchiveFixture.Build(CifarVariant.Cifar10);
        using var server = new LoopbackHttpServer(HttpReply.Ok(served));
        var progress = new StringWriter();

        bool downloaded = CifarDownloader.EnsurePresent(
            DatasetPath,
            CifarArchiveFixture.Describing(CifarVariant.Cifar10, served),
            allowDownload: true,
            Options(server, progress)
        );

        Assert.True(downloaded);
        Assert.Equal(["/kriz/cifar-10-python.tar.gz"], server.Paths);
        Assert.Equal(
            [
                "cifar-10-batches-py/",
                "cifar-10-batches-py/batches.meta",
                "cifar-10-batches-py/data_batch_1",
                "cifar-10-batches-py/data_batch_2",
                "cifar-10-batches-py/data_batch_3",
                "cifar-10-batches-py/data_batch_4",
                "cifar-10-batches-py/data_batch_5",
                "cifar-10-batches-py/test_batch",
            ],
            FolderSnapshot.Of(DatasetPath)
        );
        var test = CifarDataset.Open(DatasetPath, CifarVariant.Cifar10, CifarSplit.Test);
        Assert.Equal(CifarLayout.Python, test.Layout);
        Assert.Equal(CifarArchiveFixture.Labels(CifarVariant.Cifar10, 5), test.Labels);
        Assert.Equal(CifarFixtures.Images(CifarArchiveFixture.ImagesPerFile, seed: 5), test.Images);
        var train = CifarDataset.Open(DatasetPath, CifarVariant.Cifar10, CifarSplit.Train);
        Assert.Equal(5 * CifarArchiveFixture.ImagesPerFile, train.Count);
        Assert.Equal(
            Enumerable.Range(0, 5).SelectMany(i => CifarArchiveFixture.Labels(CifarVariant.Cifar10, i)),
            train.Labels
        );
    }

    [Fact]
    public void Progress_is_a_few_plain_lines_ending_at_the_full_size()
    {
        byte[] served = CifarArchiveFixture.Build(CifarVariant.Cifar10);
        using var server = new LoopbackHttpServer(HttpReply.Ok(served));
        var progress = new StringWriter();

        CifarDownloader.EnsurePresent(
            DatasetPath,
            CifarArchiveFixture.Describing(CifarVariant.Cifar10, served),
            true,
            Options(server, progress)
        );

        string[] lines = progress.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        string url = server.BaseUrl + "cifar-10-python.tar.gz";
        Assert.Matches(
            $"^Downloading {Regex.Escape(url)} to "
                + $"{Regex.Escape(DatasetPath)}/cifar-10-python\\.tar\\.gz\\.[0-9]+-[0-9a-f]{{32}}\\.part "
                + $"\\([0-9]+\\.[0-9] MB\\)$",
            lines[0]
        );
        var amounts = lines.Where(l => l.StartsWith("  ", StringComparison.Ordinal)).ToArray();
        Assert.InRange(amounts.Length, 1, 10);
        Assert.All(amounts, l => Assert.Matches(@"^  [0-9]+\.[0-9] MB / [0-9]+\.[0-9] MB \([0-9]+%\)$", l));
        Assert.EndsWith("(100%)", amounts[^1]);
        Assert.Contains($"MD5 {CifarArchiveFixture.Describing(CifarVariant.Cifar10, served).Md5} verified", lines);
        Assert.Equal($"Extracted to {DatasetPath}/cifar-10-batches-py", lines[^1]);
        Assert.All(lines, l => Assert.DoesNotContain('\r', l));
    }

    [Fact]
    public void Downloads_CIFAR100_into_its_own_folder_name()
    {
        byte[] served = CifarArchiveFixture.Build(CifarVariant.Cifar100);
        using var server = new LoopbackHttpServer(HttpReply.Ok(served));

        CifarDownloader.EnsurePresent(
            DatasetPath,
            CifarArchiveFixture.Describing(CifarVariant.Cifar100, served),
            true,
            Options(server)
        );

        Assert.Equal(["/kriz/cifar-100-python.tar.gz"], server.Paths);
        Assert.Equal(
            ["cifar-100-python/", "cifar-100-python/meta", "cifar-100-python/test", "cifar-100-python/train"],
            FolderSnapshot.Of(DatasetPath)
        );
        var test = CifarDataset.Open(DatasetPath, CifarVariant.Cifar100, CifarSplit.Test);
        Assert.Equal(CifarArchiveFixture.Labels(CifarVariant.Cifar100, 1), test.Labels);
    }

    [Fact]
    public void The_official_archives_are_torchvisions()
    {
        Assert.Equal(
            new CifarArchive(CifarVariant.Cifar10, "cifar-10-python.tar.gz", "c58f30108f718f92721af3b95e74349a"),
            CifarArchive.For(CifarVariant.Cifar10)
        );
        Assert.Equal(
            new CifarArchive(CifarVariant.Cifar100, "cifar-100-python.tar.gz", "eb9058c3a382ffc7106e4002c42a8d85"),
            CifarArchive.For(CifarVariant.Cifar100)
        );
        Assert.Equal("cifar-10-batches-py", CifarArchive.Cifar10.FolderName);
        Assert.Equal("cifar-100-python", CifarArchive.Cifar100.FolderName);
        Assert.Equal(["train", "test", "meta"], CifarArchive.Cifar100.ExpectedFiles);
    }

    [Fact]
    public void The_variant_overload_asks_for_the_official_archive()
    {
        using var server = new LoopbackHttpServer(HttpReply.NotFound());

        var error = Assert.Throws<DatasetException>(() =>
            CifarDownloader.EnsurePresent(DatasetPath, CifarVariant.Cifar100, true, Options(server))
        );

        Assert.Equal(["/kriz/cifar-100-python.tar.gz"], server.Paths);
        Assert.Contains("HTTP 404", error.Message);
    }

    [Fact]
    public async Task An_injected_handler_sends_the_request_and_is_left_usable()
    {
        byte[] served = CifarArchiveFixture.Build(CifarVariant.Cifar10);
        using var handler = new StubHandler(served);
        var options = new CifarDownloadOptions { BaseUrl = "http://cifar.invalid/kriz", Handler = handler };

        CifarDownloader.EnsurePresent(
            DatasetPath,
            CifarArchiveFixture.Describing(CifarVariant.Cifar10, served),
            true,
            options
        );

        Assert.Equal([new Uri("http://cifar.invalid/kriz/cifar-10-python.tar.gz")], handler.Requests);
        Assert.Equal(
            CifarArchiveFixture.ImagesPerFile,
            CifarDataset.Open(DatasetPath, CifarVariant.Cifar10, CifarSplit.Test).Count
        );
        using var client = new HttpClient(handler, disposeHandler: false);
        Assert.Equal(served, await client.GetByteArrayAsync("http://cifar.invalid/again"));
    }

    [Theory]
    [InlineData(CifarLayout.Python)]
    [InlineData(CifarLayout.Binary)]
    public void Present_data_is_not_requested(CifarLayout layout)
    {
        WriteSplits(layout, CifarSplit.Train, CifarSplit.Test);
        using var server = new LoopbackHttpServer(HttpReply.NotFound());
        string[] before = FolderSnapshot.Of(DatasetPath);

        bool downloaded = CifarDownloader.EnsurePresent(
            DatasetPath,
            CifarVariant.Cifar10,
            allowDownload: true,
            Options(server)
        );

        Assert.False(downloaded);
        Assert.Empty(server.Paths);
        Assert.Equal(before, FolderSnapshot.Of(DatasetPath));
    }

    [Fact]
    public void Only_the_splits_asked_for_need_be_present()
    {
        WriteSplits(CifarLayout.Python, CifarSplit.Test);
        using var server = new LoopbackHttpServer(HttpReply.NotFound());

        bool downloaded = CifarDownloader.EnsurePresent(
            DatasetPath,
            CifarVariant.Cifar10,
            allowDownload: false,
            Options(server) with
            {
                Splits = [CifarSplit.Test],
            }
        );

        Assert.False(downloaded);
        Assert.Empty(server.Paths);
    }

    [Fact]
    public async Task Concurrent_downloads_into_one_folder_both_succeed()
    {
        byte[] served = CifarArchiveFixture.Build(CifarVariant.Cifar10);
        // Answering only once both have asked means both passed the presence check and both really download.
        using var bothAsked = new CountdownEvent(2);
        using var server = new LoopbackHttpServer(_ =>
        {
            bothAsked.Signal();
            bothAsked.Wait(TimeSpan.FromSeconds(10));
            return HttpReply.Ok(served);
        });
        var archive = CifarArchiveFixture.Describing(CifarVariant.Cifar10, served);

        var downloads = Enumerable
            .Range(0, 2)
            .Select(_ => Task.Run(() => CifarDownloader.EnsurePresent(DatasetPath, archive, true, Options(server))))
            .ToArray();

        await Task.WhenAny(Task.WhenAll(downloads), Task.Delay(TimeSpan.FromSeconds(30)));
        Assert.True(downloads.All(d => d.IsCompleted), "both downloads finish within 30 s");
        Assert.All(await Task.WhenAll(downloads), Assert.True);
        Assert.Equal(2, server.Paths.Count);
        Assert.Equal(8, FolderSnapshot.Of(DatasetPath).Length);
        Assert.Equal(
            CifarArchiveFixture.ImagesPerFile,
            CifarDataset.Open(DatasetPath, CifarVariant.Cifar10, CifarSplit.Test).Count
        );
    }

    [Fact]
    public void A_folder_that_appears_during_the_download_is_kept()
    {
        byte[] served = CifarArchiveFixture.Build(CifarVariant.Cifar10);
        var progress = new StringWriter();
        // The server itself plays the other process: it installs a complete folder before answering.
        using var server = new LoopbackHttpServer(_ =>
        {
            WriteSplits(CifarLayout.Python, CifarSplit.Train, CifarSplit.Test);
            return HttpReply.Ok(served);
        });

        bool downloaded = CifarDownloader.EnsurePresent(
            DatasetPath,
            CifarArchiveFixture.Describing(CifarVariant.Cifar10, served),
            true,
            Options(server, progress)
        );

        Assert.True(downloaded);
        Assert.Equal(
            [
                "cifar-10-batches-py/",
                "cifar-10-batches-py/data_batch_1",
                "cifar-10-batches-py/data_batch_2",
                "cifar-10-batches-py/data_batch_3",
                "cifar-10-batches-py/data_batch_4",
                "cifar-10-batches-py/data_batch_5",
                "cifar-10-batches-py/test_batch",
            ],
            FolderSnapshot.Of(DatasetPath)
        );
        Assert.Contains("appeared during the download", progress.ToString());
    }

    /// <summary>One image per file with label 1, in the given layout: a present dataset distinct from any
    /// archive's.</summary>
    private void WriteSplits(CifarLayout layout, params CifarSplit[] splits)
    {
        string folder = Path.Combine(DatasetPath, CifarPaths.FolderName(CifarVariant.Cifar10, layout));
        Directory.CreateDirectory(folder);
        foreach (string file in splits.SelectMany(s => CifarPaths.FileNames(CifarVariant.Cifar10, layout, s)))
        {
            if (layout == CifarLayout.Python)
            {
                CifarPythonWriter.Write(folder, file, CifarFixtures.Images(1), [1]);
            }
            else
            {
                CifarFixtures.WriteBinary(Path.Combine(folder, file), CifarFixtures.Images(1), [1]);
            }
        }
    }

    /// <summary>Answers every request with the same bytes and records it, without any socket.</summary>
    private sealed class StubHandler(byte[] body) : HttpMessageHandler
    {
        private bool disposed;

        public List<Uri> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(
            HttpRequestMessage request,
            CancellationToken cancellationToken
        )
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            Requests.Add(request.RequestUri!);
            return Task.FromResult(
                new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new ByteArrayContent(body) }
            );
        }

        protected override void Dispose(bool disposing)
        {
            disposed = true;
            base.Dispose(disposing);
        }
    }
}
