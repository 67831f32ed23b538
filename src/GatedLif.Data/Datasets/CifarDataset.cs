namespace GatedLif.Data.Datasets;

/// <summary>
/// One split of CIFAR-10 or CIFAR-100 held in memory as raw bytes, read from the python layout (as torchvision does)
/// or, when that is absent, from the binary layout. Images stay uint8 so transforms can run on them per epoch.
/// </summary>
public sealed class CifarDataset
{
    private CifarDataset(
        CifarVariant variant,
        CifarSplit split,
        CifarLayout layout,
        IReadOnlyList<string> files,
        byte[] images,
        int[] labels
    )
    {
        Variant = variant;
        Split = split;
        Layout = layout;
        Files = files;
        Images = images;
        Labels = labels;
        string folder = Path.GetDirectoryName(files[0])!;
        string names = string.Join(", ", files.Select(Path.GetFileName));
        SourceDescription =
            $"{variant.DisplayName()} {split.ToString().ToLowerInvariant()} split, "
            + $"{layout.ToString().ToLowerInvariant()} layout: "
            + $"{Count} images from '{folder}' ({names})";
    }

    public CifarVariant Variant { get; }

    public CifarSplit Split { get; }

    public CifarLayout Layout { get; }

    /// <summary>Full paths of the files read, in the order their images appear.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>All images back to back, <see cref="CifarImageFormat.ImageBytes"/> each, channel-planar RGB.</summary>
    public byte[] Images { get; }

    /// <summary>Class index of each image, in 0..<see cref="ClassCount"/>-1 (the fine label for CIFAR-100).</summary>
    public int[] Labels { get; }

    public int Count => Labels.Length;

    public int ClassCount => Variant.ClassCount();

    /// <summary>What was read from where, for logs.</summary>
    public string SourceDescription { get; }

    public ReadOnlySpan<byte> Image(int index) =>
        Images.AsSpan(index * CifarImageFormat.ImageBytes, CifarImageFormat.ImageBytes);

    /// <summary>
    /// Reads one split from <paramref name="datasetPath"/>, the folder containing <c>cifar-10-batches-py</c> etc.
    /// Only that split's files are opened. Throws <see cref="DatasetException"/> when they are missing or corrupt.
    /// </summary>
    public static CifarDataset Open(string datasetPath, CifarVariant variant, CifarSplit split)
    {
        var source = CifarSource.Locate(datasetPath, variant, split);
        var parts = source
            .Files.Select(file =>
                source.Layout == CifarLayout.Python
                    ? CifarPythonFileReader.Read(file, variant)
                    : CifarBinaryFileReader.Read(file, variant)
            )
            .ToArray();
        if (parts.Length == 1)
        {
            return new CifarDataset(variant, split, source.Layout, source.Files, parts[0].Images, parts[0].Labels);
        }

        var images = new byte[parts.Sum(p => (long)p.Images.Length)];
        var labels = new int[parts.Sum(p => p.Count)];
        int imageOffset = 0,
            labelOffset = 0;
        foreach (var part in parts)
        {
            part.Images.CopyTo(images, imageOffset);
            part.Labels.CopyTo(labels, labelOffset);
            imageOffset += part.Images.Length;
            labelOffset += part.Count;
        }

        return new CifarDataset(variant, split, source.Layout, source.Files, images, labels);
    }
}
