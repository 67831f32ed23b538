using GatedLif.Data.Datasets;

namespace GatedLif.Tests.TestSupport;

/// <summary>A small CIFAR-10 folder (python layout) made of real images from the golden test batch.</summary>
public static class TinyCifar
{
    /// <summary>Writes <c>cifar-10-batches-py</c> under <paramref name="datasetPath"/>: 5 training files of
    /// <paramref name="perTrainFile"/> images and a test file of <paramref name="test"/> images.</summary>
    public static void Write(string datasetPath, int perTrainFile = 8, int test = 16)
    {
        var golden = CifarDataset.Open(Path.Combine(RepoPaths.Golden, "cifar"), CifarVariant.Cifar10, CifarSplit.Test);
        var folder = Path.Combine(datasetPath, "cifar-10-batches-py");
        Directory.CreateDirectory(folder);
        int next = 0;
        (byte[] Images, int[] Labels) Take(int count)
        {
            var images = golden
                .Images.AsSpan(next * CifarImageFormat.ImageBytes, count * CifarImageFormat.ImageBytes)
                .ToArray();
            var labels = golden.Labels[next..(next + count)];
            next += count;
            return (images, labels);
        }
        for (int i = 1; i <= 5; i++)
        {
            var (images, labels) = Take(perTrainFile);
            CifarPythonWriter.Write(folder, $"data_batch_{i}", images, labels);
        }
        var (testImages, testLabels) = Take(test);
        CifarPythonWriter.Write(folder, "test_batch", testImages, testLabels);
    }
}
