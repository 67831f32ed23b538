using GatedLif.Data.Datasets;
using GatedLif.Data.Transforms;

namespace GatedLif.Data.Loading;

/// <summary>
/// A CIFAR split as batches, loaded one batch ahead on a thread of its own (<see cref="Prefetcher"/>).
/// With a seed it is the training set: each epoch shuffled and augmented from streams that depend only on the
/// seed and the epoch; without one it is the test set in file order.
/// </summary>
public sealed class CifarBatchSource(CifarDataset dataset, int batchSize, int? trainingSeed = null) : IBatchSource
{
    public int Count => dataset.Count;

    public int BatchCount => (dataset.Count + batchSize - 1) / batchSize;

    public IEnumerable<ImageBatch> Epoch(int epoch)
    {
        var normalization = CifarNormalization.For(dataset.Variant);
        if (trainingSeed is not { } seed)
            return Prefetcher.Prefetch(new CifarBatchLoader(dataset, batchSize, normalization));
        int epochSeed = SampleRandom.EpochSeed(seed, epoch);
        return Prefetcher.Prefetch(new CifarBatchLoader(dataset, batchSize, normalization,
            shuffle: new SeededRandomSource(epochSeed),
            augmentation: new CifarTrainAugmentation(new SeededRandomSource(epochSeed ^ 0x5bd1e995))));
    }
}
