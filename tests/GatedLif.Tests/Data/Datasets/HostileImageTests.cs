using System.Buffers.Binary;
using System.IO.Hashing;
using GatedLif.Data.Datasets;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Data.Datasets;

/// <summary>An image whose header claims some 60000 x 60000 pixels is refused as Pillow refuses it, before 12 GB is
/// taken for it.</summary>
public sealed class HostileImageTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private DatasetException LoadFails(string path)
    {
        var error = Assert.Throws<DatasetException>(() => RgbImageDecoder.Load(path));
        Assert.Contains(path, error.Message);
        return error;
    }

    [Fact]
    public void A_png_claiming_a_huge_size_is_refused_as_a_decompression_bomb()
    {
        string path = folder.File("bomb.png");
        TestImages.Write(path, 8, 8, seed: 1);
        var png = File.ReadAllBytes(path);
        // IHDR is the first chunk: length, "IHDR", width, height, ..., then the CRC of type and data.
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), 65535);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), 65535);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), Crc32.HashToUInt32(png.AsSpan(12, 17)));
        File.WriteAllBytes(path, png);

        Assert.Contains("65535 x 65535 pixels, more than the 178956970 Pillow accepts", LoadFails(path).Message);
    }

    [Fact]
    public void A_jpeg_claiming_a_huge_size_is_refused_as_a_decompression_bomb()
    {
        string path = folder.File("bomb.jpg");
        TestImages.Write(path, 8, 8, seed: 1);
        var jpeg = File.ReadAllBytes(path);
        // The frame header (SOF0: FF C0, length, precision) holds height then width.
        int frame = jpeg.AsSpan().IndexOf(new byte[] { 0xFF, 0xC0 });
        // libjpeg itself refuses sides over 65500.
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(frame + 5), 60000);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(frame + 7), 60000);
        File.WriteAllBytes(path, jpeg);

        Assert.Contains("60000 x 60000 pixels", LoadFails(path).Message);
    }

    [Fact]
    public void A_file_that_is_no_image_is_named_without_the_decoders_class_names()
    {
        string path = folder.File("text.png");
        File.WriteAllText(path, "not an image at all");

        Assert.Contains("is not an image in a format read here", LoadFails(path).Message);
    }
}
