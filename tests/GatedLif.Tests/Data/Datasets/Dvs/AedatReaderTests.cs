using GatedLif.Data.Datasets;
using GatedLif.Data.Datasets.Dvs;

namespace GatedLif.Tests.Data.Datasets.Dvs;

public sealed class AedatReaderTests
{
    [Theory]
    // a = (y0 << 8) | (x0 << 1) | p0, with bits above 15 that the decoding must ignore.
    [InlineData(0x0000_0A0Bu, 117, 122, 0)] // x0 = 5, y0 = 10, p0 = 1
    [InlineData(0xFFFF_8000u, 127, 127, 1)] // x0 = y0 = 0, p0 = 0, all other bits set
    [InlineData(0x0000_7FFEu, 0, 0, 1)] // x0 = y0 = 127, p0 = 0
    [InlineData(0x1234_0101u, 126, 127, 0)] // x0 = 0, y0 = 1, p0 = 1
    public void Decodes_addresses_with_the_references_flips(uint address, int x, int y, int p)
    {
        Assert.Equal((x, y, p), AedatReader.DecodeAddress(address));
    }

    [Fact]
    public void Reads_big_endian_pairs_after_the_header()
    {
        var bytes = AedatFixture.Bytes([
            (AedatFixture.Address(5, 10, 1), 7u),
            (AedatFixture.Address(127, 0, 0, 3), 0x01020304u),
        ]);
        var events = AedatReader.Decode(bytes, "x.aedat");
        Assert.Equal([7u, 0x01020304u], events.T);
        Assert.Equal([117, 127], events.X);
        Assert.Equal([122, 0], events.Y);
        Assert.Equal([0, 1], events.P);
    }

    [Fact]
    public void Truncated_file_is_an_error_naming_it()
    {
        var bytes = AedatFixture.Bytes([(1u, 2u), (3u, 4u)]);
        var e = Assert.Throws<DatasetException>(() =>
            AedatReader.Decode(bytes.AsSpan(0, bytes.Length - 4), "cut.aedat")
        );
        Assert.Contains("cut.aedat", e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void Missing_header_is_an_error_naming_the_file()
    {
        var bytes = AedatFixture.Bytes([(1u, 2u)], header: "");
        var e = Assert.Throws<DatasetException>(() => AedatReader.Decode(bytes, "raw.aedat"));
        Assert.Contains("raw.aedat", e.Message);
        Assert.Contains("header", e.Message);
    }

    [Fact]
    public void Empty_event_list_is_an_error_naming_the_file()
    {
        var e = Assert.Throws<DatasetException>(() => AedatReader.Decode(AedatFixture.Bytes([]), "empty.aedat"));
        Assert.Contains("empty.aedat", e.Message);
        Assert.Contains("no events", e.Message);
    }
}
