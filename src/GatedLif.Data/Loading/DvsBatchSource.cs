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
/// many of its T frames (<see cref="FrameSubset"/>), drawn as the reference draws them: on NumPy's global generator
/// seeded with the seed when the process starts, one choice per batch, so epoch e's first choice follows the e
/// epochs' choices before it (a resumed run draws what the run would have drawn unstopped). Without one it is the
/// test loader: every sample in order, all T frames.
/// </summary>
public sealed class DvsBatchSource(IReadOnlyList<DvsSample> samples, int frames, int batchSize, DvsFrameTransform transform,
    int workers, int? trainingSeed = null, int? trainFrames = null) : IBatchSource
{
    public int Count => samples.Count;

    public int BatchCount => Loader(null).BatchCount;

    public IEnumerable<ImageBatch> Epoch(int epoch)
    {
        if (trainingSeed is not { } seed)
            return Loader(null);
        int epochSeed = SampleRandom.EpochSeed(seed, epoch);
        var batches = Loader(new SeededRandomSource(epochSeed));
        return trainFrames is { } count ? Subsets(batches, NumpyAt(seed, epoch, count), count) : batches;
    }

    private DvsBatchLoader Loader(IRandomSource? shuffle) =>
        new(samples, frames, batchSize, transform, shuffle, dropLast: trainingSeed is not null, workers);

    /// <summary>NumPy's global generator as it stands when epoch <paramref name="epoch"/> (counted from 0, as
    /// cifar10dvs/train.py's are) begins: every batch of the epochs before it has made its choice.</summary>
    private NumpyLegacyRandom NumpyAt(int seed, int epoch, int count)
    {
        var random = new NumpyLegacyRandom(unchecked((uint)seed));
        for (long made = (long)epoch * BatchCount; made > 0; made--)
            FrameSubset.Draw(random, frames, count);
        return random;
    }

    private IEnumerable<ImageBatch> Subsets(IEnumerable<ImageBatch> batches, NumpyLegacyRandom random, int count)
    {
        foreach (var batch in batches)
        {
            var cut = new ImageBatch(FrameSubset.Select(batch.Images, FrameSubset.Draw(random, frames, count)), batch.Labels.clone());
            batch.Dispose();
            yield return cut;
        }
    }
}
