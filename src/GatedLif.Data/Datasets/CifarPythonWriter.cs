using GatedLif.Data.Datasets.Pickling;
using Razorvine.Pickle;

namespace GatedLif.Data.Datasets;

/// <summary>
/// Writes CIFAR files in the python layout, readable by torchvision (<c>pickle.load(f, encoding="latin1")</c> gives
/// a dict with a numpy uint8 [N, 3072] <c>data</c>) and by <see cref="CifarDataset"/>. Used to make small datasets
/// for demos; keys are Python 3 str, as torchvision's latin-1 decoding of the original Python 2 files produces.
/// </summary>
public static class CifarPythonWriter
{
    // Razorvine keeps custom picklers in one process-wide table, so the numpy one is registered once.
    static CifarPythonWriter() => Pickler.registerCustomPickler(typeof(NumpyUInt8Matrix), new NumpyMatrixPickler());

    /// <summary>
    /// Writes one batch file, e.g. <c>test_batch</c> into a <c>cifar-10-batches-py</c> folder (created if needed).
    /// </summary>
    /// <param name="folder">The folder the file goes into (see <see cref="CifarPaths.FolderName"/>).</param>
    /// <param name="fileName">The file's name (see <see cref="CifarPaths.FileNames"/>).</param>
    /// <param name="images">Channel-planar images, <see cref="CifarImageFormat.ImageBytes"/> bytes each.</param>
    /// <param name="labels">One class index per image; stored as <c>labels</c> (CIFAR-10) or <c>fine_labels</c>
    /// (CIFAR-100).</param>
    /// <param name="variant">Decides the labels key and the allowed label range.</param>
    /// <param name="batchLabel">The file's <c>batch_label</c> text; defaults to the file name.</param>
    /// <returns>The path written.</returns>
    public static string Write(
        string folder,
        string fileName,
        byte[] images,
        IReadOnlyList<int> labels,
        CifarVariant variant = CifarVariant.Cifar10,
        string? batchLabel = null
    )
    {
        if (labels.Count == 0 || images.Length != labels.Count * CifarImageFormat.ImageBytes)
        {
            throw new ArgumentException(
                $"Need at least one image and {CifarImageFormat.ImageBytes} image bytes per label: got "
                    + $"{images.Length} bytes for {labels.Count} labels."
            );
        }

        int classCount = variant.ClassCount();
        int bad = labels.ToList().FindIndex(l => (uint)l >= (uint)classCount);
        if (bad >= 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(labels),
                labels[bad],
                $"Label {bad} is outside 0..{classCount - 1}."
            );
        }

        var contents = new Dictionary<string, object>
        {
            ["batch_label"] = batchLabel ?? fileName,
            [variant == CifarVariant.Cifar100 ? "fine_labels" : "labels"] = labels.ToList(),
            ["data"] = new NumpyUInt8Matrix(images, labels.Count, CifarImageFormat.ImageBytes),
        };
        return Dump(folder, fileName, contents);
    }

    /// <summary>
    /// Writes the class-name file torchvision loads alongside the batches: <c>batches.meta</c> with <c>label_names</c>
    /// for CIFAR-10, <c>meta</c> with <c>fine_label_names</c> for CIFAR-100.
    /// </summary>
    /// <returns>The path written.</returns>
    public static string WriteMeta(string folder, CifarVariant variant, IReadOnlyList<string> classNames)
    {
        if (classNames.Count != variant.ClassCount())
        {
            throw new ArgumentException(
                $"{variant.DisplayName()} needs {variant.ClassCount()} class names, got {classNames.Count}."
            );
        }

        var contents = new Dictionary<string, object>
        {
            [variant == CifarVariant.Cifar100 ? "fine_label_names" : "label_names"] = classNames.ToList(),
            ["num_vis"] = CifarImageFormat.ImageBytes,
        };
        return Dump(folder, CifarPaths.MetaFileName(variant), contents);
    }

    private static string Dump(string folder, string fileName, Dictionary<string, object> contents)
    {
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, fileName);
        using var pickler = new Pickler();
        using var stream = File.Create(path);
        pickler.dump(contents, stream);
        return path;
    }
}
