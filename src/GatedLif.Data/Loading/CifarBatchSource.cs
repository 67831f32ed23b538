using GatedLif.Data.Datasets;
using GatedLif.Data.Transforms;
using GatedLif.Training;

namespace GatedLif.Data.Loading;

/// <summary>
/// A CIFAR split as batches, loaded one batch ahead on a thread of its own (<see cref="Prefetcher"/>), drawing its
/// randomness as train.py's DataLoaders (<c>shuffle=True</c>, <c>workers</c> processes) do, from torch's default
/// generator when an epoch begins (<see cref="DataLoaderSeeds"/>). Training: one process shuffles with a
/// RandomSampler; several ranks take their part of DistributedSampler's order (the same every epoch, padded, last
/// partial batch dropped); batch b is augmented on worker b mod <paramref name="workers"/>'s stream. Test: the
/// reference shuffles its test loader too, which changes no result, so the samples come in file order (this rank's
/// part), but the epoch makes the same draws so that the generator stays where the reference's is.
/// </summary>
public sealed class CifarBatchSource(
    CifarDataset dataset,
    int batchSize,
    bool training,
    Shard? shard = null,
    int workers = ReferenceWorkers.Cifar
) : IBatchSource
{
    private readonly Shard _shard = (shard ?? Shard.Whole).Validate();

    private bool Distributed => _shard.Ranks > 1;

    public int Count => dataset.Count;

    public int BatchCount =>
        Loader(Enumerable.Range(0, _shard.Size(dataset.Count, pad: training)).ToArray(), null).BatchCount;

    public IEnumerable<ImageBatch> Epoch(int epoch)
    {
        var seeds = DataLoaderSeeds.Draw(randomSampler: !Distributed);
        if (!training)
            return Prefetcher.Prefetch(
                Loader(_shard.Take(Enumerable.Range(0, dataset.Count).ToArray(), pad: false), null)
            );
        var order = Distributed
            ? _shard.Take(SamplerOrder.Permutation(dataset.Count, SamplerOrder.DistributedSeed), pad: true)
            : SamplerOrder.Permutation(dataset.Count, seeds.SamplerSeed!.Value);
        var augmentations = Enumerable
            .Range(0, workers)
            .Select(w => new CifarTrainAugmentation(seeds.Worker(w)))
            .ToArray();
        return Prefetcher.Prefetch(Loader(order, b => augmentations[b % workers]));
    }

    private CifarBatchLoader Loader(int[] order, Func<int, CifarTrainAugmentation>? augmentationOfBatch) =>
        new(
            dataset,
            batchSize,
            CifarNormalization.For(dataset.Variant),
            order,
            augmentationOfBatch,
            dropLast: training && Distributed
        );
}
