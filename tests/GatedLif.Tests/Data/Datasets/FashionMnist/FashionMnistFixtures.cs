using System.Buffers.Binary;
using System.IO.Compression;

namespace GatedLif.Tests.Data.Datasets.FashionMnist;

/// <summary>Small Fashion-MNIST sources written by tests: IDX files whose pixels say which image and position they
/// are.</summary>
internal static class FashionMnistFixtures
{
    public const uint ImagesMagic = 0x00000803;
    public const uint LabelsMagic = 0x00000801;

    /// <summary>Never 0, so padding stands out, and different for every image of a small fixture.</summary>
    public static byte Pixel(int image, int row, int column) => (byte)(1 + (image * 31 + row * 28 + column) % 255);

    public static byte Label(int image) => (byte)(image * 3 % 10);

    public static string ImagesName(string prefix) => $"{prefix}-images-idx3-ubyte";

    public static string LabelsName(string prefix) => $"{prefix}-labels-idx1-ubyte";

    /// <summary>Writes both splits into <paramref name="folder"/> under the distributed names (<c>.gz</c> unless
    /// <paramref name="gzip"/> is false).</summary>
    public static void WriteSource(string folder, int trainCount, int testCount, bool gzip = true)
    {
        WriteSplit(folder, "train", trainCount, gzip);
        WriteSplit(folder, "t10k", testCount, gzip);
    }

    public static void WriteSplit(string folder, string prefix, int count, bool gzip = true)
    {
        string suffix = gzip ? ".gz" : "";
        WriteIdx(
            Path.Combine(folder, ImagesName(prefix) + suffix),
            Header(ImagesMagic, count, 28, 28),
            Images(count),
            gzip
        );
        WriteIdx(Path.Combine(folder, LabelsName(prefix) + suffix), Header(LabelsMagic, count), Labels(count), gzip);
    }

    public static byte[] Images(int count)
    {
        var images = new byte[count * 28 * 28];
        for (int i = 0; i < count; i++)
        {
            for (int r = 0; r < 28; r++)
            {
                for (int c = 0; c < 28; c++)
                {
                    images[(i * 28 + r) * 28 + c] = Pixel(i, r, c);
                }
            }
        }

        return images;
    }

    public static byte[] Labels(int count) => Enumerable.Range(0, count).Select(Label).ToArray();

    /// <summary>An IDX header: the magic number then each dimension, big-endian.</summary>
    public static byte[] Header(uint magic, params int[] dimensions)
    {
        var header = new byte[4 + 4 * dimensions.Length];
        BinaryPrimitives.WriteUInt32BigEndian(header, magic);
        for (int i = 0; i < dimensions.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 + 4 * i), dimensions[i]);
        }

        return header;
    }

    public static string WriteIdx(string path, byte[] header, byte[] data, bool gzip = true)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var file = File.Create(path);
        using var stream = gzip ? new GZipStream(file, CompressionLevel.Fastest) : (Stream)file;
        stream.Write(header);
        stream.Write(data);
        return path;
    }
}
