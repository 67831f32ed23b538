namespace GatedLif.Data.Datasets;

/// <summary>
/// One split of Fashion-MNIST as distributed: an IDX file of N 28x28 images and one of N labels in 0..9,
/// named <c>train-*</c> or <c>t10k-*</c>, gzip-compressed or (after gunzip) plain.
/// </summary>
public sealed record FashionMnistSplit(byte[] Images, byte[] Labels)
{
    public const int ClassCount = 10;

    public int Count => Labels.Length;

    public ReadOnlySpan<byte> Image(int index) =>
        Images.AsSpan(index * FashionMnistImage.Bytes, FashionMnistImage.Bytes);

    /// <summary>Reads and checks both files of <paramref name="split"/>; a <see cref="DatasetException"/> names what is
    /// wrong.</summary>
    public static FashionMnistSplit Read(string sourceFolder, CifarSplit split)
    {
        if (!Directory.Exists(sourceFolder))
        {
            throw new DatasetException(
                $"Fashion-MNIST folder '{sourceFolder}' does not exist; on Debian, 'apt-get install "
                    + $"dataset-fashion-mnist' "
                    + $"puts it in {FashionMnistToCifar.DebianFolder}."
            );
        }

        string prefix = split == CifarSplit.Train ? "train" : "t10k";
        var images = IdxFile.Read(Locate(sourceFolder, $"{prefix}-images-idx3-ubyte"), rank: 3);
        var labels = IdxFile.Read(Locate(sourceFolder, $"{prefix}-labels-idx1-ubyte"), rank: 1);
        if (images.Dimensions[1] != FashionMnistImage.Side || images.Dimensions[2] != FashionMnistImage.Side)
        {
            throw new DatasetException(
                $"'{images.Path}' holds {images.Dimensions[1]}x{images.Dimensions[2]} images, expected "
                    + $"{FashionMnistImage.Side}x{FashionMnistImage.Side} (Fashion-MNIST)."
            );
        }

        if (images.Count != labels.Count)
        {
            throw new DatasetException(
                $"'{images.Path}' holds {images.Count} images but '{labels.Path}' holds {labels.Count} labels."
            );
        }

        int bad = Array.FindIndex(labels.Data, label => label >= ClassCount);
        if (bad >= 0)
        {
            throw new DatasetException(
                $"'{labels.Path}': label {labels.Data[bad]} of image {bad} is outside 0..{ClassCount - 1} "
                    + $"(Fashion-MNIST has {ClassCount} classes)."
            );
        }

        return new FashionMnistSplit(images.Data, labels.Data);
    }

    /// <summary>The file as distributed (<c>.gz</c>) or, failing that, gunzipped.</summary>
    private static string Locate(string folder, string name)
    {
        string compressed = Path.Combine(folder, name + ".gz");
        string plain = Path.Combine(folder, name);
        if (File.Exists(compressed))
        {
            return compressed;
        }

        return File.Exists(plain)
            ? plain
            : throw new DatasetException(
                $"Fashion-MNIST file '{compressed}' not found (nor an uncompressed '{plain}')."
            );
    }
}
