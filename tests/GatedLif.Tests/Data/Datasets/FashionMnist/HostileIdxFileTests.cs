using GatedLif.Data.Datasets;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Data.Datasets.FashionMnist;

/// <summary>An IDX header may declare up to 2 GB of data; memory is taken as the data arrives, not as the header
/// claims.</summary>
public sealed class HostileIdxFileTests
{
    [Fact]
    public void A_header_declaring_far_more_than_follows_takes_memory_only_for_what_follows()
    {
        using var folder = new TempFolder();
        var header = FashionMnistFixtures.Header(FashionMnistFixtures.ImagesMagic, 1000, 1000, 2000);
        string path = FashionMnistFixtures.WriteIdx(
            folder.File("bomb-images-idx3-ubyte.gz"),
            header,
            new byte[100],
            gzip: true
        );

        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<DatasetException>(() => IdxFile.Read(path, 3));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains(
            $"'{path}' is truncated: its header declares 1000 x 1000 x 2000 = 2000000000 data bytes "
                + $"but only 100 follow.",
            error.Message
        );
        Assert.True(allocated < 8 << 20, $"reading allocated {allocated} bytes");
    }
}
