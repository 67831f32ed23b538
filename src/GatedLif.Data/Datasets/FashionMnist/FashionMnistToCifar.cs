namespace GatedLif.Data.Datasets;

/// <summary>
/// Makes the demo dataset: Fashion-MNIST stored as CIFAR-10 in the python layout, each image converted as
/// <see cref="FashionMnistImage"/> describes, which is how the reference's own Fashion-MNIST files were made.
/// The model and every CIFAR reader then run on it unchanged.
/// </summary>
public static class FashionMnistToCifar
{
    /// <summary>Where Debian's <c>dataset-fashion-mnist</c> package installs the distributed files.</summary>
    public const string DebianFolder = "/usr/share/datasets/fashion-mnist";

    /// <summary>CIFAR-10's python layout splits training images over this many files.</summary>
    public const int TrainBatchCount = 5;

    /// <summary>
    /// Fashion-MNIST's class names, by label, written to <c>batches.meta</c>. The reference's golden files kept
    /// CIFAR-10's names there; only torchvision's <c>classes</c> reads them, so the demo tells the truth instead.
    /// </summary>
    public static IReadOnlyList<string> ClassNames { get; } =
    ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    private const CifarVariant Variant = CifarVariant.Cifar10;

    /// <summary>
    /// Writes <c><paramref name="datasetPath"/>/cifar-10-batches-py/</c> with <c>data_batch_1</c>..<c>data_batch_5</c>,
    /// <c>test_batch</c> and <c>batches.meta</c>, readable by <see cref="CifarDataset.Open"/> and torchvision.
    /// Training images keep their order and are split as evenly as possible, earlier files taking one more
    /// when the count is not a multiple of 5 (as <c>numpy.array_split</c> does): 11 images give 3, 2, 2, 2, 2.
    /// The folder is built under a temporary name beside it and renamed into place, so it is either complete or absent.
    /// When it already exists and holds every file, nothing is read or written and the result says so.
    /// </summary>
    /// <param name="sourceFolder">The folder of the distributed IDX files, e.g. <see cref="DebianFolder"/>.</param>
    /// <param name="datasetPath">The dataset path to give <see cref="CifarDataset.Open"/> afterwards; created if
    /// needed.</param>
    /// <param name="trainLimit">Keep only the first N training images, at least 5 (one per file); all when null or
    /// larger than the split.</param>
    /// <param name="testLimit">Keep only the first N test images, at least 1; all when null or larger than the
    /// split.</param>
    /// <param name="log">Receives one line per step.</param>
    /// <exception cref="DatasetException">The source files are missing or corrupt, hold too few training images,
    /// the target folder exists but is incomplete, or writing failed.</exception>
    public static FashionMnistConversion Convert(
        string sourceFolder,
        string datasetPath,
        int? trainLimit = null,
        int? testLimit = null,
        TextWriter? log = null
    )
    {
        if (trainLimit < TrainBatchCount)
        {
            throw new ArgumentOutOfRangeException(
                nameof(trainLimit),
                trainLimit,
                $"At least {TrainBatchCount} training images are needed, one per data_batch file."
            );
        }

        if (testLimit < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(testLimit), testLimit, "At least 1 test image is needed.");
        }

        log ??= TextWriter.Null;
        string root = Path.GetFullPath(datasetPath);
        string target = Path.Combine(root, CifarPaths.FolderName(Variant, CifarLayout.Python));
        if (Directory.Exists(target))
        {
            EnsureComplete(target);
            log.WriteLine($"'{target}' already holds a complete CIFAR-10 python layout; left as it is.");
            return new FashionMnistConversion(target, AlreadyPresent: true);
        }

        var train = FashionMnistSplit.Read(sourceFolder, CifarSplit.Train);
        var test = FashionMnistSplit.Read(sourceFolder, CifarSplit.Test);
        int trainCount = Math.Min(trainLimit ?? train.Count, train.Count);
        int testCount = Math.Min(testLimit ?? test.Count, test.Count);
        if (trainCount < TrainBatchCount || testCount < 1)
        {
            throw new DatasetException(
                $"Fashion-MNIST in '{sourceFolder}' holds {train.Count} training and {test.Count} test images; "
                    + $"at least {TrainBatchCount} and 1 are needed."
            );
        }

        log.WriteLine(
            $"Read Fashion-MNIST from '{sourceFolder}': using {trainCount} of {train.Count} training and {testCount} "
                + $"of {test.Count} test images."
        );
        WriteAtomically(target, temp =>
        {
            int start = 0;
            for (int batch = 0; batch < TrainBatchCount; batch++)
            {
                int count = trainCount / TrainBatchCount + (batch < trainCount % TrainBatchCount ? 1 : 0);
                string name = CifarPaths.FileNames(Variant, CifarLayout.Python, CifarSplit.Train)[batch];
                WriteBatch(temp, name, train, start, count, $"training batch {batch + 1} of {TrainBatchCount}", log);
                start += count;
            }

            string testName = CifarPaths.FileNames(Variant, CifarLayout.Python, CifarSplit.Test)[0];
            WriteBatch(temp, testName, test, 0, testCount, "testing batch 1 of 1", log);
            CifarPythonWriter.WriteMeta(temp, Variant, ClassNames);
        });
        log.WriteLine($"Wrote Fashion-MNIST as CIFAR-10 (python layout) to '{target}'.");
        return new FashionMnistConversion(target, AlreadyPresent: false);
    }

    /// <summary>
    /// An existing folder is never overwritten: it may be a real CIFAR-10 the user put there, or an interrupted copy.
    /// </summary>
    private static void EnsureComplete(string target)
    {
        var expected = CifarPaths
            .FileNames(Variant, CifarLayout.Python, CifarSplit.Train)
            .Concat(CifarPaths.FileNames(Variant, CifarLayout.Python, CifarSplit.Test))
            .Append(CifarPaths.MetaFileName(Variant));
        var missing = expected.Where(name => !File.Exists(Path.Combine(target, name))).ToArray();
        if (missing.Length > 0)
        {
            throw new DatasetException(
                $"'{target}' exists but is incomplete (missing {string.Join(", ", missing)}); "
                    + "remove it, or choose another dataset path, to convert Fashion-MNIST there."
            );
        }
    }

    private static void WriteBatch(
        string folder,
        string name,
        FashionMnistSplit source,
        int start,
        int count,
        string batchLabel,
        TextWriter log
    )
    {
        var images = new byte[count * CifarImageFormat.ImageBytes];
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            FashionMnistImage.WriteAsCifar(
                source.Image(start + i),
                images.AsSpan(i * CifarImageFormat.ImageBytes, CifarImageFormat.ImageBytes)
            );
            labels[i] = source.Labels[start + i];
        }

        CifarPythonWriter.Write(folder, name, images, labels, Variant, batchLabel);
        log.WriteLine($"Wrote {name}: {count} images.");
    }

    /// <summary>
    /// Fills a fresh folder and renames it to <paramref name="target"/>; on any failure the partial folder is
    /// removed, so a later run starts clean instead of finding half a dataset.
    /// </summary>
    private static void WriteAtomically(string target, Action<string> fill)
    {
        // Beside the target, so the rename stays on one file system; unique, so two converters never share one.
        string temp = $"{target}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
        try
        {
            Directory.CreateDirectory(temp);
            fill(temp);
            Directory.Move(temp, target);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException($"Could not write '{target}': {e.Message}", e);
        }
        finally
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }
        }
    }
}
