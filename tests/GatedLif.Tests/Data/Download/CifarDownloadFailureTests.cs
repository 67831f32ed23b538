using System.Net;
using System.Net.Sockets;
using GatedLif.Data.Datasets;
using GatedLif.Data.Download;
using GatedLif.Tests.Data.Datasets;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Data.Download;

/// <summary>
/// Every way a download can fail gives one <see cref="DatasetException"/> naming the URL, and leaves the dataset path
/// holding exactly what it held before.
/// </summary>
public sealed class CifarDownloadFailureTests : IDisposable
{
    private readonly TempFolder root = new();
    private readonly byte[] served = CifarArchiveFixture.Build(CifarVariant.Cifar10);

    public CifarDownloadFailureTests()
    {
        // Something of the user's that must survive every failure.
        File.WriteAllText(root.File("data", "notes.txt"), "mine");
    }

    public void Dispose() => root.Dispose();

    private string DatasetPath => Path.Combine(root.Path, "data");

    private CifarArchive Archive => CifarArchiveFixture.Describing(CifarVariant.Cifar10, served);

    private static CifarDownloadOptions Options(string baseUrl) =>
        new()
        {
            BaseUrl = baseUrl,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            StallTimeout = TimeSpan.FromSeconds(5),
        };

    /// <summary>Runs a download that must fail, checks the dataset path is unchanged, and returns the error.</summary>
    private DatasetException DownloadFails(
        LoopbackHttpServer server,
        CifarArchive? archive = null,
        CifarDownloadOptions? options = null
    )
    {
        string[] before = FolderSnapshot.Of(DatasetPath);

        var error = Assert.Throws<DatasetException>(() =>
            CifarDownloader.EnsurePresent(
                DatasetPath,
                archive ?? Archive,
                allowDownload: true,
                options ?? Options(server.BaseUrl)
            )
        );

        Assert.Equal(before, FolderSnapshot.Of(DatasetPath));
        return error;
    }

    private static string Url(LoopbackHttpServer server) => server.BaseUrl + "cifar-10-python.tar.gz";

    [Fact]
    public void Wrong_MD5_names_the_URL_and_both_sums()
    {
        using var server = new LoopbackHttpServer(HttpReply.Ok(served));
        string expected = CifarArchive.Cifar10.Md5;

        var error = DownloadFails(server, CifarArchive.Cifar10);

        Assert.Equal(
            $"The archive downloaded from '{Url(server)}' has MD5 {Archive.Md5}, expected {expected}: "
                + "the download is damaged or the server does not hold the official archive.",
            error.Message
        );
    }

    [Fact]
    public void HTTP_error_status_names_the_URL()
    {
        using var server = new LoopbackHttpServer(HttpReply.NotFound());

        var error = DownloadFails(server);

        Assert.Equal($"Could not download '{Url(server)}': the server answered HTTP 404 (Not Found).", error.Message);
    }

    [Fact]
    public void Body_cut_off_before_its_length_is_reported()
    {
        using var server = new LoopbackHttpServer(HttpReply.Ok(served) with { SendOnly = served.Length / 2 });

        var error = DownloadFails(server);

        Assert.StartsWith($"Downloading '{Url(server)}' broke off after ", error.Message);
        Assert.Contains($" of {served.Length} bytes", error.Message);
    }

    [Fact]
    public void Body_cut_off_without_a_length_fails_the_MD5_check()
    {
        using var server = new LoopbackHttpServer(
            HttpReply.Ok(served) with
            {
                SendOnly = served.Length / 2,
                OmitLength = true,
            }
        );

        var error = DownloadFails(server);

        Assert.StartsWith($"The archive downloaded from '{Url(server)}' has MD5 ", error.Message);
    }

    [Fact]
    public void Silent_server_is_given_up_on_after_the_stall_timeout()
    {
        using var server = new LoopbackHttpServer(HttpReply.Ok(served) with { SendOnly = 1000, Stall = true });

        var error = DownloadFails(
            server,
            options: Options(server.BaseUrl) with
            {
                StallTimeout = TimeSpan.FromMilliseconds(300),
            }
        );

        Assert.Equal(
            $"Downloading '{Url(server)}' stalled: nothing arrived for 0.3 s after 1000 of {served.Length} bytes.",
            error.Message
        );
    }

    [Fact]
    public void Refused_connection_names_the_URL()
    {
        // A port that was free a moment ago and has no listener now.
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        string[] before = FolderSnapshot.Of(DatasetPath);

        var error = Assert.Throws<DatasetException>(() =>
            CifarDownloader.EnsurePresent(DatasetPath, Archive, true, Options($"http://127.0.0.1:{port}/kriz/"))
        );

        Assert.StartsWith($"Could not download 'http://127.0.0.1:{port}/kriz/cifar-10-python.tar.gz': ", error.Message);
        Assert.Equal(before, FolderSnapshot.Of(DatasetPath));
    }

    [Fact]
    public void Corrupt_gzip_is_reported()
    {
        byte[] garbage = [.. served[..10], .. Enumerable.Repeat((byte)0x5A, 500)];
        using var server = new LoopbackHttpServer(HttpReply.Ok(garbage));

        var error = DownloadFails(server, CifarArchiveFixture.Describing(CifarVariant.Cifar10, garbage));

        Assert.StartsWith($"The archive downloaded from '{Url(server)}' could not be extracted: ", error.Message);
    }

    [Fact]
    public void Truncated_tar_inside_a_valid_gzip_is_reported()
    {
        byte[] tar = CifarArchiveFixture.TarGz(CifarVariant.Cifar10, CifarArchiveFixture.Entries(CifarVariant.Cifar10));
        using var gunzipped = new MemoryStream();
        using (
            var gzip = new System.IO.Compression.GZipStream(
                new MemoryStream(tar),
                System.IO.Compression.CompressionMode.Decompress
            )
        )
        {
            gzip.CopyTo(gunzipped);
        }

        byte[] cut = Gzip(gunzipped.ToArray()[..20000]);
        using var server = new LoopbackHttpServer(HttpReply.Ok(cut));

        var error = DownloadFails(server, CifarArchiveFixture.Describing(CifarVariant.Cifar10, cut));

        Assert.StartsWith($"The archive downloaded from '{Url(server)}' could not be extracted: ", error.Message);
    }

    [Fact]
    public void Archive_without_a_dataset_file_is_rejected()
    {
        byte[] incomplete = CifarArchiveFixture.TarGz(
            CifarVariant.Cifar10,
            CifarArchiveFixture.Entries(CifarVariant.Cifar10, leaveOut: "test_batch")
        );
        using var server = new LoopbackHttpServer(HttpReply.Ok(incomplete));

        var error = DownloadFails(server, CifarArchiveFixture.Describing(CifarVariant.Cifar10, incomplete));

        Assert.Equal(
            $"The archive downloaded from '{Url(server)}' does not hold the CIFAR-10 files: missing "
                + $"'cifar-10-batches-py/test_batch'.",
            error.Message
        );
    }

    [Fact]
    public void A_dataset_path_created_for_a_failed_download_is_removed()
    {
        string fresh = Path.Combine(root.Path, "fresh", "data");
        using var server = new LoopbackHttpServer(HttpReply.NotFound());

        Assert.Throws<DatasetException>(() =>
            CifarDownloader.EnsurePresent(fresh, Archive, true, Options(server.BaseUrl))
        );

        Assert.False(Directory.Exists(fresh));
    }

    [Fact]
    public void Disabled_download_names_the_folders_and_the_flag()
    {
        using var server = new LoopbackHttpServer(HttpReply.Ok(served));
        string[] before = FolderSnapshot.Of(DatasetPath);

        var error = Assert.Throws<DatasetException>(() =>
            CifarDownloader.EnsurePresent(DatasetPath, Archive, allowDownload: false, Options(server.BaseUrl))
        );

        Assert.Equal(
            $"CIFAR-10 not found: looked for '{DatasetPath}/cifar-10-batches-py' (python layout) and "
                + $"'{DatasetPath}/cifar-10-batches-bin' "
                + $"(binary layout) under the dataset path '{DatasetPath}'. Downloading is disabled (--no-download), "
                + $"so cifar-10-python.tar.gz was not fetched.",
            error.Message
        );
        Assert.Empty(server.Paths);
        Assert.Equal(before, FolderSnapshot.Of(DatasetPath));
    }

    [Fact]
    public void Disabled_download_creates_no_dataset_path()
    {
        string missing = Path.Combine(root.Path, "nowhere");

        var error = Assert.Throws<DatasetException>(() =>
            CifarDownloader.EnsurePresent(missing, CifarVariant.Cifar10, allowDownload: false)
        );

        Assert.EndsWith(
            "Downloading is disabled (--no-download), so cifar-10-python.tar.gz was not fetched.",
            error.Message
        );
        Assert.False(Directory.Exists(missing));
    }

    [Fact]
    public void Incomplete_folder_is_not_downloaded_over()
    {
        CifarPythonWriter.Write(
            Path.Combine(DatasetPath, "cifar-10-batches-py"),
            "test_batch",
            CifarFixtures.Images(1),
            [2]
        );
        using var server = new LoopbackHttpServer(HttpReply.Ok(served));
        string folder = Path.Combine(DatasetPath, "cifar-10-batches-py");

        var error = DownloadFails(server);

        Assert.StartsWith($"CIFAR-10 train split is incomplete: missing '{folder}/data_batch_1', ", error.Message);
        Assert.EndsWith(
            $" The download would replace '{folder}', which is left alone: delete it to download CIFAR-10 again.",
            error.Message
        );
        Assert.Empty(server.Paths);
    }

    [Fact]
    public void Empty_dataset_path_is_reported()
    {
        var error = Assert.Throws<DatasetException>(() =>
            CifarDownloader.EnsurePresent(" ", CifarVariant.Cifar100, allowDownload: true)
        );

        Assert.Equal("No dataset path given for CIFAR-100.", error.Message);
    }

    private static byte[] Gzip(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (
            var gzip = new System.IO.Compression.GZipStream(
                buffer,
                System.IO.Compression.CompressionLevel.Fastest,
                leaveOpen: true
            )
        )
        {
            gzip.Write(data);
        }

        return buffer.ToArray();
    }
}
