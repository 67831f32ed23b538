using GatedLif.Data.Datasets.Dvs;
using GatedLif.Data.Transforms;
using GatedLif.Randomness;
using GatedLif.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Data.Loading;

/// <summary>
/// A CIFAR10-DVS split as batches of frames [B, T, 2, H, W], drawing its randomness as cifar10dvs/train.py's
/// DataLoaders do (<c>num_workers=-j</c>). Every epoch each loader draws its workers' base seed from torch's default
/// generator (<see cref="DataLoaderSeeds"/>). Training (<paramref name="training"/> given): the RandomSampler's seed
/// follows, the order is <c>torch.randperm</c> on it, the last partial batch is dropped, and batch b is cropped on
/// worker b mod <paramref name="workers"/>'s stream (top, then left, per sample), or on the default generator when
/// there are no workers (<c>-j 0</c>). With <paramref name="trainFrames"/> each batch is then cut to a sorted random
/// subset of that many of its T frames (<see cref="FrameSubset"/>) on NumPy's global generator, one choice per batch.
/// Test: every sample in order (the reference's test loader does not shuffle), all T frames. <paramref name="workers"/>
/// is the reference's virtual worker count; the frames are read on at most as many threads as this machine has cores.
/// </summary>
public sealed class DvsBatchSource(
    IReadOnlyList<DvsSample> samples,
    int frames,
    int batchSize,
    DvsFrameTransform transform,
    int workers,
    DvsTrainingStreams? training = null,
    int? trainFrames = null
) : IBatchSource
{
    private readonly int _threads = Math.Clamp(workers, 1, Environment.ProcessorCount);

    public int Count => samples.Count;

    public int BatchCount => training is null ? (samples.Count + batchSize - 1) / batchSize : samples.Count / batchSize;

    /// <summary>
    /// The batches of epoch <paramref name="epoch"/> (counted from 0). A training epoch first puts torch's default
    /// generator where the reference's stands when that epoch begins: where it stood after the model was built,
    /// advanced by the draws of the epochs before (each training pass's, then its test pass's base seed). So the
    /// streams depend only on the seed and the epoch, and a resumed run, from our checkpoint or the reference's,
    /// draws what the run would have drawn unstopped.
    /// </summary>
    public IEnumerable<ImageBatch> Epoch(int epoch)
    {
        if (training is null)
        {
            DataLoaderSeeds.Draw(randomSampler: false);
            return Loader(Enumerable.Range(0, samples.Count).ToArray(), null);
        }
        Generator.Default.set_state(training.TorchStart);
        for (int earlier = 0; earlier < epoch; earlier++)
        {
            DrawTrainingEpoch(cropsOnWorkers: false);
            DataLoaderSeeds.Draw(randomSampler: false);
        }
        var (order, crops) = DrawTrainingEpoch(cropsOnWorkers: true);
        var batches = Loader(order, crops);
        return trainFrames is { } count ? Subsets(batches, NumpyAt(training.NumpySeed, epoch, count), count) : batches;
    }

    /// <summary>
    /// One training pass's draws: the seeds, the order and, for the samples of the full batches, the crop offsets.
    /// Offsets drawn on the workers' own generators move nothing else, so a replayed epoch skips them.
    /// </summary>
    private (int[] Order, (int, int)[]? Crops) DrawTrainingEpoch(bool cropsOnWorkers)
    {
        var seeds = DataLoaderSeeds.Draw(randomSampler: true);
        var order = SamplerOrder.Permutation(samples.Count, seeds.SamplerSeed!.Value);
        if (!transform.Crops || (workers > 0 && !cropsOnWorkers))
            return (order, null);
        var crops = new (int, int)[BatchCount * batchSize];
        var streams =
            workers > 0
                ? Enumerable.Range(0, workers).Select(w => seeds.Worker(w)).ToArray()
                : [TorchRandomSource.Default()];
        for (int k = 0; k < crops.Length; k++)
            crops[k] = transform.DrawCrop(streams[k / batchSize % streams.Length]);
        return (order, crops);
    }

    private DvsBatchLoader Loader(int[] order, (int, int)[]? crops) =>
        new(samples, order, frames, batchSize, transform, crops, dropLast: training is not null, _threads);

    /// <summary>NumPy's global generator as it stands when epoch <paramref name="epoch"/> begins: every batch of the
    /// epochs before it has made its choice. The models that train on a subset of frames draw nothing from NumPy
    /// when they are built (the GLIF models, which do, train on all T).</summary>
    private NumpyLegacyRandom NumpyAt(uint seed, int epoch, int count)
    {
        var random = new NumpyLegacyRandom(seed);
        for (long made = (long)epoch * BatchCount; made > 0; made--)
            FrameSubset.Draw(random, frames, count);
        return random;
    }

    private IEnumerable<ImageBatch> Subsets(IEnumerable<ImageBatch> batches, NumpyLegacyRandom random, int count)
    {
        foreach (var batch in batches)
        {
            var cut = new ImageBatch(
                FrameSubset.Select(batch.Images, FrameSubset.Draw(random, frames, count)),
                batch.Labels.clone()
            );
            batch.Dispose();
            yield return cut;
        }
    }
}
