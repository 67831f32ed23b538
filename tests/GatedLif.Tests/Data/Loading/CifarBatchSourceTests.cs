using GatedLif.Data.Datasets;
using GatedLif.Data.Loading;
using GatedLif.Data.Transforms;
using GatedLif.Tests.TestSupport;
using static TorchSharp.torch;

namespace GatedLif.Tests.Data.Loading;

/// <summary>
/// The prefetched CIFAR source draws its epoch from torch's default generator as train.py's DataLoader does and
/// gives exactly the batches of the sequential loader built from those draws.
/// </summary>
[Collection(SerialTorchRandom.Name)]
public sealed class CifarBatchSourceTests : IDisposable
{
    private readonly TempFolder root = new();
    private readonly CifarDataset train;
    private readonly CifarDataset test;

    public CifarBatchSourceTests()
    {
        TinyCifar.Write(root.Path);
        train = CifarDataset.Open(root.Path, CifarVariant.Cifar10, CifarSplit.Train);
        test = CifarDataset.Open(root.Path, CifarVariant.Cifar10, CifarSplit.Test);
    }

    public void Dispose() => root.Dispose();

    private static List<float[]> Pixels(IEnumerable<GatedLif.Training.ImageBatch> batches) =>
        batches
            .Select(b =>
            {
                using (b)
                    return b.Images.data<float>().ToArray();
            })
            .ToList();

    [GoldenFact]
    public void Prefetched_training_batches_equal_the_sequential_loader_on_the_reference_draws()
    {
        manual_seed(9);
        var seeds = DataLoaderSeeds.Draw(randomSampler: true);
        var augmentations = Enumerable.Range(0, 3).Select(w => new CifarTrainAugmentation(seeds.Worker(w))).ToArray();
        var direct = new CifarBatchLoader(
            train,
            8,
            CifarNormalization.Cifar10,
            SamplerOrder.Permutation(train.Count, seeds.SamplerSeed!.Value),
            b => augmentations[b % 3]
        );
        var expected = Pixels(direct);

        manual_seed(9);
        var actual = Pixels(new CifarBatchSource(train, 8, training: true, workers: 3).Epoch(1));

        Assert.True(expected.Count > 3, "the data set must give more batches than workers");
        Assert.Equal(expected, actual);
    }

    [GoldenFact]
    public void Every_epoch_of_either_split_draws_as_a_shuffled_loader_so_the_generator_follows_the_reference()
    {
        manual_seed(9);
        DataLoaderSeeds.Draw(randomSampler: true);
        DataLoaderSeeds.Draw(randomSampler: true);
        var expected = DataLoaderSeeds.Draw(randomSampler: true);

        manual_seed(9);
        Pixels(new CifarBatchSource(train, 8, training: true).Epoch(1));
        var inFileOrder = Pixels(new CifarBatchSource(test, 8, training: false).Epoch(1));

        Assert.Equal(expected, DataLoaderSeeds.Draw(randomSampler: true));
        Assert.Equal(Pixels(new CifarBatchLoader(test, 8)), inFileOrder);
    }

    [GoldenFact]
    public void Ranks_take_distributed_samplers_fixed_order_and_drop_their_last_partial_batch()
    {
        var shard = new Shard(1, 2);
        var order = shard.Take(SamplerOrder.Permutation(train.Count, SamplerOrder.DistributedSeed), pad: true);
        var source = new CifarBatchSource(train, 8, training: true, shard);

        Assert.Equal(order.Length / 8, source.BatchCount);
        manual_seed(9);
        var first = source
            .Epoch(1)
            .Select(b =>
            {
                using (b)
                    return b.Labels.data<long>().ToArray();
            })
            .SelectMany(l => l)
            .ToArray();
        var second = source
            .Epoch(2)
            .Select(b =>
            {
                using (b)
                    return b.Labels.data<long>().ToArray();
            })
            .SelectMany(l => l)
            .ToArray();

        Assert.Equal(order.Take(source.BatchCount * 8).Select(i => (long)train.Labels[i]), first);
        Assert.Equal(first, second);
    }
}
