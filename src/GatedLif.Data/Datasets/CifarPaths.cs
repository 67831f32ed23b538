namespace GatedLif.Data.Datasets;

/// <summary>
/// Folder and file names of the CIFAR archives as their authors extract them, which torchvision also expects.
/// The dataset path given by the user is the folder that contains these folders.
/// </summary>
public static class CifarPaths
{
    public static string FolderName(CifarVariant variant, CifarLayout layout) =>
        (variant, layout) switch
        {
            (CifarVariant.Cifar10, CifarLayout.Python) => "cifar-10-batches-py",
            (CifarVariant.Cifar10, CifarLayout.Binary) => "cifar-10-batches-bin",
            (CifarVariant.Cifar100, CifarLayout.Python) => "cifar-100-python",
            (CifarVariant.Cifar100, CifarLayout.Binary) => "cifar-100-binary",
            _ => throw new ArgumentOutOfRangeException(nameof(variant), (variant, layout), null),
        };

    /// <summary>The files one split is stored in, in the order their images are concatenated.</summary>
    public static IReadOnlyList<string> FileNames(CifarVariant variant, CifarLayout layout, CifarSplit split) =>
        (variant, layout, split) switch
        {
            (CifarVariant.Cifar10, CifarLayout.Python, CifarSplit.Train) => TrainBatches(""),
            (CifarVariant.Cifar10, CifarLayout.Python, CifarSplit.Test) => ["test_batch"],
            (CifarVariant.Cifar10, CifarLayout.Binary, CifarSplit.Train) => TrainBatches(".bin"),
            (CifarVariant.Cifar10, CifarLayout.Binary, CifarSplit.Test) => ["test_batch.bin"],
            (CifarVariant.Cifar100, CifarLayout.Python, CifarSplit.Train) => ["train"],
            (CifarVariant.Cifar100, CifarLayout.Python, CifarSplit.Test) => ["test"],
            (CifarVariant.Cifar100, CifarLayout.Binary, CifarSplit.Train) => ["train.bin"],
            (CifarVariant.Cifar100, CifarLayout.Binary, CifarSplit.Test) => ["test.bin"],
            _ => throw new ArgumentOutOfRangeException(nameof(variant), (variant, layout, split), null),
        };

    /// <summary>The python layout's file of class names (torchvision reads it; this project's reader does not need
    /// it).</summary>
    public static string MetaFileName(CifarVariant variant) =>
        variant switch
        {
            CifarVariant.Cifar10 => "batches.meta",
            CifarVariant.Cifar100 => "meta",
            _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, null),
        };

    private static string[] TrainBatches(string extension) =>
        Enumerable.Range(1, 5).Select(i => $"data_batch_{i}{extension}").ToArray();
}
