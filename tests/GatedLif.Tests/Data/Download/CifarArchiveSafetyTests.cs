using System.Formats.Tar;
using GatedLif.Data.Datasets;
using GatedLif.Data.Download;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Data.Download;

/// <summary>A downloaded archive is untrusted: entries that would land outside the extraction folder, or links, are
/// refused.</summary>
public sealed class CifarArchiveSafetyTests : IDisposable
{
    private readonly TempFolder root = new();

    public void Dispose() => root.Dispose();

    private string DatasetPath => Path.Combine(root.Path, "data");

    private DatasetException ServingFails(Action<TarWriter> addEntry, out string url)
    {
        byte[] served = CifarArchiveFixture.TarGz(
            CifarVariant.Cifar10,
            CifarArchiveFixture.Entries(CifarVariant.Cifar10),
            addEntry
        );
        using var server = new LoopbackHttpServer(HttpReply.Ok(served));
        url = server.BaseUrl + "cifar-10-python.tar.gz";
        var options = new CifarDownloadOptions
        {
            BaseUrl = server.BaseUrl,
            ConnectTimeout = TimeSpan.FromSeconds(30),
            StallTimeout = TimeSpan.FromSeconds(30),
        };

        var error = Assert.Throws<DatasetException>(() =>
            CifarDownloader.EnsurePresent(
                DatasetPath,
                CifarArchiveFixture.Describing(CifarVariant.Cifar10, served),
                true,
                options
            )
        );

        // The dataset path was created for the download and removed again; no escaped file sits beside or above it.
        Assert.Empty(Directory.GetFileSystemEntries(root.Path));
        return error;
    }

    [Theory]
    [InlineData("../evil")]
    [InlineData("../../evil")]
    [InlineData("cifar-10-batches-py/../../evil")]
    [InlineData("/tmp/gatedlif-evil")]
    public void Entries_escaping_the_extraction_folder_are_refused(string name)
    {
        var error = ServingFails(
            tar =>
                tar.WriteEntry(
                    new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream([1, 2, 3]) }
                ),
            out string url
        );

        Assert.Equal(
            $"The archive downloaded from '{url}' holds the entry '{name}', which would land outside the extraction "
                + $"folder; nothing from it is used.",
            error.Message
        );
    }

    [Fact]
    public void Symbolic_links_are_refused()
    {
        var error = ServingFails(
            tar =>
                tar.WriteEntry(
                    new PaxTarEntry(TarEntryType.SymbolicLink, "cifar-10-batches-py/link") { LinkName = "/etc" }
                ),
            out string url
        );

        Assert.Equal(
            $"The archive downloaded from '{url}' holds 'cifar-10-batches-py/link', a SymbolicLink entry; only "
                + $"folders and regular files are extracted.",
            error.Message
        );
    }
}
