using System.IO.Compression;
using System.Text;
using GatedLif.Data.Datasets;
using GatedLif.Data.Download;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Data.Download;

/// <summary>A tar header may declare a metadata entry of any size; it is refused before the tar reader takes memory for
/// it.</summary>
public sealed class HostileTarTests : IDisposable
{
    private readonly TempFolder root = new();

    public void Dispose() => root.Dispose();

    /// <summary>One pax header of type 'x' whose size field claims <paramref name="octalSize"/> bytes, and nothing
    /// after it.</summary>
    private static byte[] TarGzWithPaxSize(string octalSize)
    {
        var header = new byte[512];
        Encoding.ASCII.GetBytes("PaxHeaders/x").CopyTo(header, 0);
        Encoding.ASCII.GetBytes(octalSize.PadLeft(11, '0') + "\0").CopyTo(header, 124);
        header[156] = (byte)'x';
        Encoding.ASCII.GetBytes("ustar\0" + "00").CopyTo(header, 257);
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write(header);
        return buffer.ToArray();
    }

    [Theory]
    [InlineData("10000000000", "declares 1073741824 bytes of metadata")]
    [InlineData("9x9", "has a malformed size")]
    public void A_metadata_entry_claiming_a_gigabyte_or_a_garbled_size_is_refused(string size, string expected)
    {
        byte[] served = TarGzWithPaxSize(size);
        using var server = new LoopbackHttpServer(HttpReply.Ok(served));
        var options = new CifarDownloadOptions
        {
            BaseUrl = server.BaseUrl,
            ConnectTimeout = TimeSpan.FromSeconds(30),
            StallTimeout = TimeSpan.FromSeconds(30),
        };
        string datasetPath = Path.Combine(root.Path, "data");

        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<DatasetException>(() =>
            CifarDownloader.EnsurePresent(
                datasetPath,
                CifarArchiveFixture.Describing(CifarVariant.Cifar10, served),
                true,
                options
            )
        );
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("cifar-10-python.tar.gz' could not be extracted: the tar header at byte 0", error.Message);
        Assert.Contains(expected, error.Message);
        Assert.True(allocated < 64 << 20, $"allocated {allocated} bytes");
        Assert.Empty(Directory.GetFileSystemEntries(root.Path));
    }
}
