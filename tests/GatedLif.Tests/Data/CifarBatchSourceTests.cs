using GatedLif.Data;
using GatedLif.Data.Loading;
using GatedLif.Data.Transforms;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Data;

/// <summary>The prefetched CIFAR source gives exactly the batches of the sequential loader it wraps.</summary>
public sealed class CifarBatchSourceTests
{
    [Fact]
    public void Prefetched_training_batches_equal_the_sequential_loaders()
    {
        using var root = new TempFolder();
        TinyCifar.Write(root.Path);
        var dataset = GatedLif.Data.Datasets.CifarDataset.Open(root.Path, GatedLif.Data.Datasets.CifarVariant.Cifar10, GatedLif.Data.Datasets.CifarSplit.Train);
        int epochSeed = SampleRandom.EpochSeed(9, 3);
        var direct = new CifarBatchLoader(dataset, 8, CifarNormalization.Cifar10, new SeededRandomSource(epochSeed),
            index => new CifarTrainAugmentation(SampleRandom.For(9, 3, index)));

        var expected = direct.Select(b => { using (b) return b.Images.data<float>().ToArray(); }).ToList();
        var actual = new CifarBatchSource(dataset, 8, trainingSeed: 9).Epoch(3)
            .Select(b => { using (b) return b.Images.data<float>().ToArray(); }).ToList();

        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected, actual);
    }
}
