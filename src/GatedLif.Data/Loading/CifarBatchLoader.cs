using GatedLif.Training;
using GatedLif.Data.Datasets;
using GatedLif.Data.Transforms;
using static TorchSharp.torch;

namespace GatedLif.Data.Loading;

/// <summary>
/// Turns a <see cref="CifarDataset"/> into mini-batches like torch's DataLoader with <c>drop_last=False</c>:
/// each enumeration is one epoch, reshuffled when a shuffle source is given, the last batch possibly smaller.
/// A batch is assembled in a float[] and becomes a tensor in one creation, so there is no per-pixel tensor work.
/// </summary>
public sealed class CifarBatchLoader : IEnumerable<ImageBatch>
{
    private readonly CifarDataset dataset;
    private readonly CifarNormalization normalization;
    private readonly IRandomSource? shuffle;
    private readonly Func<int, CifarTrainAugmentation>? augmentation;
    private readonly Shard shard;
    private readonly bool padShard;

    /// <param name="dataset">The images and labels to batch.</param>
    /// <param name="batchSize">Images per batch; the last batch holds the remainder.</param>
    /// <param name="normalization">Defaults to the dataset variant's statistics.</param>
    /// <param name="shuffle">When given, each epoch visits the images in a new order drawn from it; otherwise in file order.</param>
    /// <param name="augmentation">When given, the augmentation of the image at an index, applied (before normalisation)
    /// every time it is visited.</param>
    /// <param name="shard">This rank's part of the order (<see cref="Shard"/>), padded when <paramref name="padShard"/>.</param>
    public CifarBatchLoader(
        CifarDataset dataset,
        int batchSize,
        CifarNormalization? normalization = null,
        IRandomSource? shuffle = null,
        Func<int, CifarTrainAugmentation>? augmentation = null,
        Shard? shard = null,
        bool padShard = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        this.dataset = dataset;
        BatchSize = batchSize;
        this.normalization = normalization ?? CifarNormalization.For(dataset.Variant);
        this.shuffle = shuffle;
        this.augmentation = augmentation;
        this.shard = (shard ?? Shard.Whole).Validate();
        this.padShard = padShard;
    }

    public int BatchSize { get; }

    /// <summary>Batches per epoch, counting a final partial one.</summary>
    public int BatchCount => (shard.Size(dataset.Count, padShard) + BatchSize - 1) / BatchSize;

    public IEnumerator<ImageBatch> GetEnumerator()
    {
        // The order is drawn when the epoch starts, not when the loader is built, so each epoch gets its own.
        int[] order = EpochOrder();
        const int imageBytes = CifarImageFormat.ImageBytes;
        var augmented = new byte[imageBytes];
        // torch.tensor copies the array, so one buffer serves every full batch; only a final partial batch needs its own.
        var fullBatch = new float[Math.Min(BatchSize, order.Length) * imageBytes];
        for (int start = 0; start < order.Length; start += BatchSize)
        {
            int count = Math.Min(BatchSize, order.Length - start);
            var pixels = count * imageBytes == fullBatch.Length ? fullBatch : new float[count * imageBytes];
            var labels = new long[count];
            for (int k = 0; k < count; k++)
            {
                int index = order[start + k];
                var image = dataset.Image(index);
                if (augmentation is not null)
                {
                    augmentation(index).Apply(image, augmented);
                    image = augmented;
                }

                normalization.Apply(image, pixels.AsSpan(k * imageBytes, imageBytes));
                labels[k] = dataset.Labels[index];
            }

            yield return new ImageBatch(
                tensor(pixels, [count, CifarImageFormat.Channels, CifarImageFormat.Side, CifarImageFormat.Side]),
                tensor(labels, [count]));
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    private int[] EpochOrder()
    {
        var order = new int[dataset.Count];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        if (shuffle is not null)
        {
            // Fisher-Yates: every permutation equally likely.
            for (int i = order.Length - 1; i > 0; i--)
            {
                int j = shuffle.NextInt(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }
        }

        return shard.Take(order, padShard);
    }
}
