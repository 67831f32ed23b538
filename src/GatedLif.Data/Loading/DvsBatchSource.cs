using GatedLif.Data.Datasets.Dvs;
using GatedLif.Data.Transforms;
using GatedLif.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Data.Loading;

/// <summary>
/// A CIFAR10-DVS split as batches of frames [B, T, 2, H, W]. With a seed it is cifar10dvs/train.py's training
/// loader: each epoch shuffled with random crops from streams that depend only on the seed and the epoch, the last
/// partial batch dropped, and with <paramref name="trainFrames"/> each batch cut to a sorted random subset of that
/// many of its T frames (<see cref="FrameSubset"/>). Without one it is the test loader: every sample in order, all T
/// frames.
/// </summary>
public sealed class DvsBatchSource(IReadOnlyList<DvsSample> samples, int frames, int batchSize, DvsFrameTransform transform,
    int workers, int? trainingSeed = null, int? trainFrames = null) : IBatchSource
{
    /// <summary>Mixed into the epoch seed for the frame subsets, so they do not follow the shuffle's stream.</summary>
    private const int SubsetStream = 0x2545F491;

    public int Count => samples.Count;

    public int BatchCount => Loader(null).BatchCount;

    public IEnumerable<ImageBatch> Epoch(int epoch)
    {
        if (trainingSeed is not { } seed)
            return Loader(null);
        int epochSeed = SampleRandom.EpochSeed(seed, epoch);
        var batches = Loader(new SeededRandomSource(epochSeed));
        return trainFrames is { } count ? Subsets(batches, new SeededRandomSource(epochSeed ^ SubsetStream), count) : batches;
    }

    private DvsBatchLoader Loader(IRandomSource? shuffle) =>
        new(samples, frames, batchSize, transform, shuffle, dropLast: trainingSeed is not null, workers);

    private IEnumerable<ImageBatch> Subsets(IEnumerable<ImageBatch> batches, IRandomSource random, int count)
    {
        foreach (var batch in batches)
        {
            var cut = new ImageBatch(FrameSubset.Select(batch.Images, FrameSubset.Draw(random, frames, count)), batch.Labels.clone());
            batch.Dispose();
            yield return cut;
        }
    }
}
