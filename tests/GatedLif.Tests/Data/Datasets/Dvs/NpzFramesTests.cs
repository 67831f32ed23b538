using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;
using GatedLif.Data.Datasets;
using GatedLif.Data.Datasets.Dvs;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Data.Datasets.Dvs;

public sealed class NpzFramesTests
{
    /// <summary>
    /// An .npz exactly as numpy's <c>savez_compressed(path, frames=float32 array)</c> lays it out: a deflated zip
    /// entry <c>frames.npy</c>, magic, version 1.0, little-endian header length, the dict padded with spaces to a
    /// multiple of 64 bytes and closed by a newline, then the C-ordered data.
    /// </summary>
    private static void WriteNumpyNpz(string path, float[] values, string shape)
    {
        var dict = $"{{'descr': '<f4', 'fortran_order': False, 'shape': {shape}, }}";
        int total = 10 + dict.Length + 1;
        dict += new string(' ', (64 - total % 64) % 64) + "\n";
        using var file = File.Create(path);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        using var entry = zip.CreateEntry("frames.npy", CompressionLevel.Fastest).Open();
        entry.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        entry.Write(BitConverter.GetBytes((ushort)dict.Length));
        entry.Write(Encoding.ASCII.GetBytes(dict));
        entry.Write(MemoryMarshal.AsBytes(values.AsSpan()));
    }

    [Fact]
    public void Reads_an_npz_in_numpys_layout()
    {
        using var temp = new TempFolder();
        var path = temp.File("a.npz");
        var values = Enumerable.Range(0, 2 * 2 * 3 * 4).Select(i => (float)(i % 5)).ToArray();
        WriteNumpyNpz(path, values, "(2, 2, 3, 4)");
        var (shape, data) = NpzFrames.Read(path);
        Assert.Equal([2L, 2, 3, 4], shape);
        Assert.Equal(values.Select(v => (double)v), data);
    }

    [Fact]
    public void Writes_float64_frames_that_a_plain_zip_and_npy_parse_reads()
    {
        using var temp = new TempFolder();
        var path = temp.File("b.npz");
        var values = Enumerable.Range(0, 3 * 2 * 2 * 2).Select(i => i * 0.5).ToArray();
        NpzFrames.Write(path, values, [3, 2, 2, 2]);

        using var zip = ZipFile.OpenRead(path);
        var entry = Assert.Single(zip.Entries);
        Assert.Equal("frames.npy", entry.FullName);
        using var stream = entry.Open();
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        var npy = memory.ToArray();
        Assert.Equal("\x93NUMPY", Encoding.Latin1.GetString(npy, 0, 6));
        Assert.Equal([1, 0], npy[6..8]);
        int headerLength = BitConverter.ToUInt16(npy, 8);
        Assert.Equal(0, (10 + headerLength) % 64);
        var header = Encoding.ASCII.GetString(npy, 10, headerLength);
        Assert.StartsWith("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2, 2, 2), }", header);
        Assert.EndsWith("\n", header);
        var data = MemoryMarshal.Cast<byte, double>(npy.AsSpan(10 + headerLength)).ToArray();
        Assert.Equal(values, data);
        Assert.DoesNotContain(Directory.GetFiles(temp.Path), f => f.Contains(".tmp-"));
    }

    [Fact]
    public void A_file_without_frames_is_an_error_naming_it()
    {
        using var temp = new TempFolder();
        var path = temp.File("c.npz");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
            zip.CreateEntry("t.npy");
        var e = Assert.Throws<DatasetException>(() => NpzFrames.Read(path));
        Assert.Contains(path, e.Message);
    }
}
