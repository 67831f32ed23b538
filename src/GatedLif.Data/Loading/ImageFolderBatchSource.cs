using GatedLif.Data.Datasets;
using GatedLif.Data.Transforms;
using GatedLif.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Data.Loading;

/// <summary>
/// An <see cref="ImageFolder"/> as batches, drawing its randomness as train.py's ImageNet DataLoaders
/// (<c>shuffle=True</c>, 32 worker processes) do, from torch's default generator when an epoch begins
/// (<see cref="DataLoaderSeeds"/>): training visits RandomSampler's order (several ranks: DistributedSampler's
/// fixed one, padded, the last partial batch dropped) and batch b's images draw their crops and flips, in batch
/// order, on the stream of virtual worker b mod <c>loaderWorkers</c>; the test split comes in file order but makes
/// the same draws, as the reference's test loader shuffles. Each batch's images are decoded, and after the draws
/// transformed, by up to <see cref="Workers"/> threads straight into the batch tensor, and batches are made ahead of
/// the consumer (<see cref="Prefetcher"/>), so memory holds a few batches at most and the thread count changes
/// nothing. A file that cannot be decoded stops the epoch with an error naming it, or, with <c>skipBadImages</c>,
/// is reported through <c>warn</c> and left out of its batch (it then draws nothing). <c>shard</c> is this rank's
/// part of every epoch (<see cref="Shard"/>).
/// </summary>
public sealed class ImageFolderBatchSource : IBatchSource
{
    private readonly ImageFolder folder;
    private readonly int batchSize;
    private readonly ISampleTransform transform;
    private readonly bool training;
    private readonly bool skipBadImages;
    private readonly Action<string> warn;
    private readonly Shard shard;
    private readonly int loaderWorkers;

    public ImageFolderBatchSource(
        ImageFolder folder,
        int batchSize,
        ISampleTransform transform,
        int workers,
        bool training = false,
        bool skipBadImages = false,
        Action<string>? warn = null,
        Shard? shard = null,
        int loaderWorkers = ReferenceWorkers.ImageNet
    )
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(loaderWorkers, 1);
        this.folder = folder;
        this.batchSize = batchSize;
        this.transform = transform;
        Workers = workers;
        this.training = training;
        this.skipBadImages = skipBadImages;
        this.warn = warn ?? (_ => { });
        this.shard = (shard ?? Shard.Whole).Validate();
        this.loaderWorkers = loaderWorkers;
    }

    /// <summary>Threads that decode and transform images.</summary>
    public int Workers { get; }

    public int Count => folder.Count;

    private bool Distributed => shard.Ranks > 1;

    private bool DropLast => training && Distributed;

    public int BatchCount
    {
        get
        {
            int size = shard.Size(folder.Count, pad: training);
            return DropLast ? size / batchSize : (size + batchSize - 1) / batchSize;
        }
    }

    public IEnumerable<ImageBatch> Epoch(int epoch) => Prefetcher.Prefetch(Batches(epoch));

    /// <summary>The batches of an epoch, made on the calling thread (with the workers), without prefetching; the
    /// epoch's draws from the default generator are made by this call.</summary>
    public IEnumerable<ImageBatch> Batches(int epoch)
    {
        var seeds = DataLoaderSeeds.Draw(randomSampler: !Distributed);
        var all = Enumerable.Range(0, folder.Count).ToArray();
        int[] order =
            !training ? shard.Take(all, pad: false)
            : Distributed ? shard.Take(SamplerOrder.Permutation(folder.Count, SamplerOrder.DistributedSeed), pad: true)
            : SamplerOrder.Permutation(folder.Count, seeds.SamplerSeed!.Value);
        var streams = new IRandomSource?[loaderWorkers];
        return Assembled(order, b => streams[b % loaderWorkers] ??= seeds.Worker(b % loaderWorkers));
    }

    private IEnumerable<ImageBatch> Assembled(int[] order, Func<int, IRandomSource> streamOfBatch)
    {
        for (int b = 0; b < BatchCount; b++)
        {
            int start = b * batchSize;
            var batch = Assemble(
                order.AsSpan(start, Math.Min(batchSize, order.Length - start)).ToArray(),
                streamOfBatch(b)
            );
            if (batch is not null)
                yield return batch;
        }
    }

    private ImageBatch? Assemble(int[] indices, IRandomSource stream)
    {
        int side = transform.Side,
            sampleLength = PixelNormalization.Channels * side * side;
        var decoded = new RgbImage?[indices.Length];
        var failures = new DatasetException?[indices.Length];
        var options = new ParallelOptions { MaxDegreeOfParallelism = Workers };
        Parallel.For(0, indices.Length, options, k =>
        {
            try
            {
                decoded[k] = RgbImageDecoder.Load(folder.Samples[indices[k]].Path);
            }
            catch (DatasetException e)
            {
                failures[k] = e;
            }
        });

        var good = Enumerable.Range(0, indices.Length).Where(k => failures[k] is null).ToArray();
        if (good.Length < indices.Length)
        {
            if (!skipBadImages)
                throw new DatasetException(
                    failures.First(f => f is not null)!.Message + " (--skip-bad-images leaves such files out)"
                );
            foreach (var failure in failures.Where(f => f is not null))
                warn($"skipped: {failure!.Message}");
        }
        if (good.Length == 0)
            return null;
        // One worker makes its images' draws one after another, in batch order.
        var draws = good.Select(k => transform.Draw(decoded[k]!.Width, decoded[k]!.Height, stream)).ToArray();
        var images = empty([good.Length, PixelNormalization.Channels, side, side], float32);
        // The threads write into the tensor's own CPU memory, so a batch is never copied.
        IntPtr data = TensorMemory.Address(images);
        Parallel.For(0, good.Length, options, g =>
            transform.Apply(decoded[good[g]]!, draws[g], Destination(data, g, sampleLength))
        );
        GC.KeepAlive(images);
        var labels = tensor(good.Select(k => (long)folder.Samples[indices[k]].ClassIndex).ToArray(), [good.Length]);
        return new ImageBatch(images, labels);
    }

    private static unsafe Span<float> Destination(IntPtr data, int sample, int sampleLength) =>
        new((float*)data + (long)sample * sampleLength, sampleLength);
}
