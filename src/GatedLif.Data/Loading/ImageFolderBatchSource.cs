using GatedLif.Training;
using GatedLif.Data.Datasets;
using GatedLif.Data.Transforms;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Data.Loading;

/// <summary>
/// An <see cref="ImageFolder"/> as batches: each batch's images are decoded and transformed by up to
/// <see cref="Workers"/> threads straight into the batch tensor, and batches are made ahead of the consumer
/// (<see cref="Prefetcher"/>), so memory holds a few batches at most. With a training seed each epoch is shuffled
/// from the seed and the epoch, and every sample's augmentation draws from its own stream
/// (<see cref="SampleRandom"/>), so the batches do not depend on the number of workers.
/// A file that cannot be decoded stops the epoch with an error naming it, or, with <c>skipBadImages</c>, is
/// reported through <c>warn</c> and left out of its batch. <c>shard</c> is this rank's part of every epoch
/// (<see cref="Shard"/>; padded for training).
/// </summary>
public sealed class ImageFolderBatchSource : IBatchSource
{
    private readonly ImageFolder folder;
    private readonly int batchSize;
    private readonly ISampleTransform transform;
    private readonly int? trainingSeed;
    private readonly bool skipBadImages;
    private readonly Action<string> warn;
    private readonly Shard shard;

    public ImageFolderBatchSource(ImageFolder folder, int batchSize, ISampleTransform transform, int workers,
        int? trainingSeed = null, bool skipBadImages = false, Action<string>? warn = null, Shard? shard = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        this.folder = folder;
        this.batchSize = batchSize;
        this.transform = transform;
        Workers = workers;
        this.trainingSeed = trainingSeed;
        this.skipBadImages = skipBadImages;
        this.warn = warn ?? (_ => { });
        this.shard = (shard ?? Shard.Whole).Validate();
    }

    /// <summary>Threads that decode and transform images.</summary>
    public int Workers { get; }

    public int Count => folder.Count;

    public int BatchCount => (shard.Size(folder.Count, pad: trainingSeed is not null) + batchSize - 1) / batchSize;

    public IEnumerable<ImageBatch> Epoch(int epoch) => Prefetcher.Prefetch(Batches(epoch));

    /// <summary>The batches of an epoch, made on the calling thread (with the workers), without prefetching.</summary>
    public IEnumerable<ImageBatch> Batches(int epoch)
    {
        var order = Order(epoch);
        for (int start = 0; start < order.Length; start += batchSize)
        {
            var batch = Assemble(order.AsSpan(start, Math.Min(batchSize, order.Length - start)).ToArray(), epoch);
            if (batch is not null)
                yield return batch;
        }
    }

    private int[] Order(int epoch)
    {
        var order = Enumerable.Range(0, folder.Count).ToArray();
        if (trainingSeed is { } seed)
        {
            // Fisher-Yates, as the CIFAR loader shuffles.
            var random = new SeededRandomSource(SampleRandom.EpochSeed(seed, epoch));
            for (int i = order.Length - 1; i > 0; i--)
            {
                int j = random.NextInt(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }
        }
        return shard.Take(order, pad: trainingSeed is not null);
    }

    private ImageBatch? Assemble(int[] indices, int epoch)
    {
        int side = transform.Side, sampleLength = PixelNormalization.Channels * side * side;
        var images = empty([indices.Length, PixelNormalization.Channels, side, side], float32);
        var failures = new DatasetException?[indices.Length];
        // The workers write into the tensor's own CPU memory, so a batch is never copied.
        IntPtr data = TensorMemory.Address(images);
        Parallel.For(0, indices.Length, new ParallelOptions { MaxDegreeOfParallelism = Workers }, k =>
        {
            var sample = folder.Samples[indices[k]];
            try
            {
                var image = RgbImageDecoder.Load(sample.Path);
                var random = SampleRandom.For(trainingSeed ?? 0, epoch, indices[k]);
                transform.Apply(image, random, Destination(data, k, sampleLength));
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
            {
                images.Dispose();
                throw new DatasetException(failures.First(f => f is not null)!.Message + " (--skip-bad-images leaves such files out)");
            }
            foreach (var failure in failures.Where(f => f is not null))
                warn($"skipped: {failure!.Message}");
        }
        if (good.Length == 0)
        {
            images.Dispose();
            return null;
        }
        var labels = tensor(good.Select(k => (long)folder.Samples[indices[k]].ClassIndex).ToArray(), [good.Length]);
        if (good.Length == indices.Length)
            return new ImageBatch(images, labels);
        using (images)
        using (var keep = tensor(good.Select(k => (long)k).ToArray(), [good.Length]))
            return new ImageBatch(images.index_select(0, keep), labels);
    }

    private static unsafe Span<float> Destination(IntPtr data, int sample, int sampleLength) =>
        new((float*)data + (long)sample * sampleLength, sampleLength);
}
