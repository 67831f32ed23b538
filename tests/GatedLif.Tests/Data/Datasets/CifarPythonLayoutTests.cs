using GatedLif.Data.Datasets;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Data.Datasets;

public sealed class CifarPythonLayoutTests : IDisposable
{
    private readonly TempFolder root = new();

    public void Dispose() => root.Dispose();

    private string Cifar10Folder => Path.Combine(root.Path, "cifar-10-batches-py");

    [Fact]
    public void Reads_a_file_written_by_the_writer()
    {
        var images = CifarFixtures.Images(3);
        CifarPythonWriter.Write(Cifar10Folder, "test_batch", images, [9, 0, 4]);

        var dataset = CifarDataset.Open(root.Path, CifarVariant.Cifar10, CifarSplit.Test);

        Assert.Equal(CifarLayout.Python, dataset.Layout);
        Assert.Equal(3, dataset.Count);
        Assert.Equal(10, dataset.ClassCount);
        Assert.Equal(images, dataset.Images);
        Assert.Equal([9, 0, 4], dataset.Labels);
        Assert.Equal([Path.Combine(Cifar10Folder, "test_batch")], dataset.Files);
        Assert.Contains("CIFAR-10 test split, python layout: 3 images", dataset.SourceDescription);
        Assert.Equal(images.AsSpan(3072, 3072).ToArray(), dataset.Image(1).ToArray());
    }

    [Fact]
    public void Reads_CIFAR100_fine_labels()
    {
        var images = CifarFixtures.Images(2);
        CifarPythonWriter.Write(
            Path.Combine(root.Path, "cifar-100-python"),
            "train",
            images,
            [99, 17],
            CifarVariant.Cifar100
        );

        var dataset = CifarDataset.Open(root.Path, CifarVariant.Cifar100, CifarSplit.Train);

        Assert.Equal(100, dataset.ClassCount);
        Assert.Equal([99, 17], dataset.Labels);
        Assert.Equal(images, dataset.Images);
    }

    [Fact]
    public void Reads_a_Python_2_style_pickle()
    {
        var images = CifarFixtures.Images(2);
        File.WriteAllBytes(
            root.File("cifar-10-batches-py", "test_batch"),
            PickleBuilder.CifarBatch(images, [2, 3072], [5, 1])
        );

        var dataset = CifarDataset.Open(root.Path, CifarVariant.Cifar10, CifarSplit.Test);

        Assert.Equal(images, dataset.Images);
        Assert.Equal([5, 1], dataset.Labels);
    }

    [Fact]
    public void Reads_a_Python_3_pickle_with_bytes_keys_and_a_four_dimensional_shape()
    {
        var images = CifarFixtures.Images(2);
        File.WriteAllBytes(
            root.File("cifar-10-batches-py", "test_batch"),
            PickleBuilder.CifarBatch(images, [2, 3, 32, 32], [8, 3], python3Bytes: true)
        );

        var dataset = CifarDataset.Open(root.Path, CifarVariant.Cifar10, CifarSplit.Test);

        Assert.Equal(images, dataset.Images);
        Assert.Equal([8, 3], dataset.Labels);
    }

    [Fact]
    public void Train_split_concatenates_the_five_batches_in_order_without_needing_the_test_file()
    {
        var expectedImages = new List<byte>();
        var expectedLabels = new List<int>();
        for (int batch = 1; batch <= 5; batch++)
        {
            // Batch b holds b images labelled b, so order and boundaries both show.
            var images = CifarFixtures.Images(batch, seed: batch * 10);
            var labels = Enumerable.Repeat(batch, batch).ToArray();
            CifarPythonWriter.Write(Cifar10Folder, $"data_batch_{batch}", images, labels);
            expectedImages.AddRange(images);
            expectedLabels.AddRange(labels);
        }

        var dataset = CifarDataset.Open(root.Path, CifarVariant.Cifar10, CifarSplit.Train);

        Assert.Equal(15, dataset.Count);
        Assert.Equal(expectedLabels, dataset.Labels);
        Assert.Equal(expectedImages, dataset.Images);
        Assert.Equal(5, dataset.Files.Count);
    }

    [Fact]
    public void Python_layout_is_preferred_over_binary()
    {
        var images = CifarFixtures.Images(1);
        CifarPythonWriter.Write(Cifar10Folder, "test_batch", images, [1]);
        CifarFixtures.WriteBinary(root.File("cifar-10-batches-bin", "test_batch.bin"), images, [2]);

        var dataset = CifarDataset.Open(root.Path, CifarVariant.Cifar10, CifarSplit.Test);

        Assert.Equal(CifarLayout.Python, dataset.Layout);
        Assert.Equal([1], dataset.Labels);
    }

    [Fact]
    public void Binary_layout_is_used_when_the_Python_folder_lacks_the_split()
    {
        var images = CifarFixtures.Images(1);
        CifarPythonWriter.Write(Cifar10Folder, "data_batch_1", images, [1]);
        CifarFixtures.WriteBinary(root.File("cifar-10-batches-bin", "test_batch.bin"), images, [2]);

        var dataset = CifarDataset.Open(root.Path, CifarVariant.Cifar10, CifarSplit.Test);

        Assert.Equal(CifarLayout.Binary, dataset.Layout);
        Assert.Equal([2], dataset.Labels);
    }
}
