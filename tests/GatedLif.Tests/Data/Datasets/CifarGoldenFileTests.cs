using GatedLif.Data.Datasets;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Data.Datasets;

/// <summary>Reads a real CIFAR-10 file (Python 2 pickle, first 300 test images) kept with the golden outputs.</summary>
[Trait(KernelDependence.Trait, KernelDependence.Dependent)]
public sealed class CifarGoldenFileTests
{
    [GoldenFact]
    public void Reads_the_golden_test_batch()
    {
        var dataset = CifarDataset.Open(Path.Combine(RepoPaths.Golden, "cifar"), CifarVariant.Cifar10, CifarSplit.Test);

        Assert.Equal(CifarLayout.Python, dataset.Layout);
        Assert.Equal(300, dataset.Count);
        Assert.Equal([2, 2, 4, 2, 2, 5, 0, 4, 6, 4, 7, 7], dataset.Labels[..12]);
        // Values numpy reports for the same file: the byte sum, and pixels of the last image in each plane.
        Assert.Equal(52_785_663L, dataset.Images.Sum(b => (long)b));
        Assert.Equal(200, dataset.Image(299)[500]);
        Assert.Equal(100, dataset.Image(299)[1500]);
        Assert.Equal(6, dataset.Image(299)[2500]);
    }

    [GoldenFact]
    public void Golden_images_survive_a_round_trip_through_the_writer()
    {
        using var root = new TempFolder();
        var golden = CifarDataset.Open(Path.Combine(RepoPaths.Golden, "cifar"), CifarVariant.Cifar10, CifarSplit.Test);
        CifarPythonWriter.Write(
            Path.Combine(root.Path, "cifar-10-batches-py"),
            "test_batch",
            golden.Images,
            golden.Labels
        );

        var copy = CifarDataset.Open(root.Path, CifarVariant.Cifar10, CifarSplit.Test);

        Assert.Equal(golden.Images, copy.Images);
        Assert.Equal(golden.Labels, copy.Labels);
    }
}
