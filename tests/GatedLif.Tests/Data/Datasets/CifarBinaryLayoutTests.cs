using GatedLif.Data.Datasets;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Data.Datasets;

public sealed class CifarBinaryLayoutTests : IDisposable
{
    private readonly TempFolder root = new();

    public void Dispose() => root.Dispose();

    [Fact]
    public void Reads_CIFAR10_records()
    {
        var images = CifarFixtures.Images(4);
        string file = CifarFixtures.WriteBinary(
            root.File("cifar-10-batches-bin", "test_batch.bin"),
            images,
            [3, 9, 0, 3]
        );

        var dataset = CifarDataset.Open(root.Path, CifarVariant.Cifar10, CifarSplit.Test);

        Assert.Equal(CifarLayout.Binary, dataset.Layout);
        Assert.Equal([3, 9, 0, 3], dataset.Labels);
        Assert.Equal(images, dataset.Images);
        Assert.Equal([file], dataset.Files);
        Assert.Contains("CIFAR-10 test split, binary layout: 4 images", dataset.SourceDescription);
    }

    [Fact]
    public void Reads_CIFAR100_fine_labels_after_the_coarse_byte()
    {
        var images = CifarFixtures.Images(3);
        CifarFixtures.WriteBinary(
            root.File("cifar-100-binary", "train.bin"),
            images,
            [99, 42, 7],
            CifarVariant.Cifar100
        );

        var dataset = CifarDataset.Open(root.Path, CifarVariant.Cifar100, CifarSplit.Train);

        Assert.Equal([99, 42, 7], dataset.Labels);
        Assert.Equal(images, dataset.Images);
    }

    [Fact]
    public void Train_split_reads_the_five_binary_batches_in_order()
    {
        for (int batch = 1; batch <= 5; batch++)
        {
            CifarFixtures.WriteBinary(
                root.File("cifar-10-batches-bin", $"data_batch_{batch}.bin"),
                CifarFixtures.Images(1, seed: batch),
                [batch]
            );
        }

        var dataset = CifarDataset.Open(root.Path, CifarVariant.Cifar10, CifarSplit.Train);

        Assert.Equal([1, 2, 3, 4, 5], dataset.Labels);
        Assert.Equal(CifarFixtures.Images(1, seed: 3), dataset.Image(2).ToArray());
    }
}
