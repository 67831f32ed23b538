using GatedLif.Training;
using GatedLif.Data.Datasets;
using GatedLif.Data.Transforms;

namespace GatedLif.Data.Loading;

/// <summary>
/// A CIFAR split as batches, loaded one batch ahead on a thread of its own (<see cref="Prefetcher"/>).
/// With a seed it is the training set: each epoch shuffled and augmented from streams that depend only on the
/// seed, the epoch and (augmentation) the sample's index, so they do not depend on how the data is sharded over
/// ranks; without one it is the test set in file order. <paramref name="shard"/> is this rank's part (training pads it).
/// </summary>
public sealed class CifarBatchSource(CifarDataset dataset, int batchSize, int? trainingSeed = null, Shard? shard = null)
    : IBatchSource
{
    private readonly Shard _shard = (shard ?? Shard.Whole).Validate();

    public int Count => dataset.Count;

    public int BatchCount => (_shard.Size(dataset.Count, pad: trainingSeed is not null) + batchSize - 1) / batchSize;

    public IEnumerable<ImageBatch> Epoch(int epoch)
    {
        var normalization = CifarNormalization.For(dataset.Variant);
        if (trainingSeed is not { } seed)
            return Prefetcher.Prefetch(new CifarBatchLoader(dataset, batchSize, normalization, shard: _shard));
        return Prefetcher.Prefetch(new CifarBatchLoader(dataset, batchSize, normalization,
            shuffle: new SeededRandomSource(SampleRandom.EpochSeed(seed, epoch)),
            augmentation: index => new CifarTrainAugmentation(SampleRandom.For(seed, epoch, index)),
            shard: _shard, padShard: true));
    }
}
