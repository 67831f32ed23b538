using GatedLif.Data.Datasets;
using GatedLif.Data.Transforms;
using GatedLif.Training;
using static TorchSharp.torch;

namespace GatedLif.Data.Loading;

/// <summary>
/// Turns a <see cref="CifarDataset"/> into mini-batches like torch's DataLoader: the samples in the given order (file
/// order by default), each batch augmented by the augmentation of its batch number (the reference's DataLoader
/// worker that builds it), the last batch smaller or, with <c>dropLast</c>, left out.
/// A batch is assembled in a float[] and becomes a tensor in one creation, so there is no per-pixel tensor work.
/// </summary>
public sealed class CifarBatchLoader : IEnumerable<ImageBatch>
{
    private readonly CifarDataset dataset;
    private readonly CifarNormalization normalization;
    private readonly IReadOnlyList<int> order;
    private readonly Func<int, CifarTrainAugmentation>? augmentationOfBatch;
    private readonly bool dropLast;

    /// <param name="dataset">The images and labels to batch.</param>
    /// <param name="batchSize">Images per batch; the last batch holds the remainder.</param>
    /// <param name="normalization">Defaults to the dataset variant's statistics.</param>
    /// <param name="order">The dataset indices to visit, in order; all of them in file order when null.</param>
    /// <param name="augmentationOfBatch">When given, the augmentation that batch b's images get (before
    /// normalisation), applied to them in batch order.</param>
    /// <param name="dropLast">Leave out a final partial batch (DataLoader's <c>drop_last=True</c>).</param>
    public CifarBatchLoader(
        CifarDataset dataset,
        int batchSize,
        CifarNormalization? normalization = null,
        IReadOnlyList<int>? order = null,
        Func<int, CifarTrainAugmentation>? augmentationOfBatch = null,
        bool dropLast = false
    )
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        this.dataset = dataset;
        BatchSize = batchSize;
        this.normalization = normalization ?? CifarNormalization.For(dataset.Variant);
        this.order = order ?? Enumerable.Range(0, dataset.Count).ToArray();
        this.augmentationOfBatch = augmentationOfBatch;
        this.dropLast = dropLast;
    }

    public int BatchSize { get; }

    /// <summary>Batches per epoch, counting a final partial one unless it is dropped.</summary>
    public int BatchCount => dropLast ? order.Count / BatchSize : (order.Count + BatchSize - 1) / BatchSize;

    public IEnumerator<ImageBatch> GetEnumerator()
    {
        const int imageBytes = CifarImageFormat.ImageBytes;
        var augmented = new byte[imageBytes];
        // torch.tensor copies the array, so one buffer serves every full batch; only a final partial batch needs its
        // own.
        var fullBatch = new float[Math.Min(BatchSize, order.Count) * imageBytes];
        for (int b = 0; b < BatchCount; b++)
        {
            int start = b * BatchSize,
                count = Math.Min(BatchSize, order.Count - start);
            var pixels = count * imageBytes == fullBatch.Length ? fullBatch : new float[count * imageBytes];
            var labels = new long[count];
            var augmentation = augmentationOfBatch?.Invoke(b);
            for (int k = 0; k < count; k++)
            {
                int index = order[start + k];
                var image = dataset.Image(index);
                if (augmentation is not null)
                {
                    augmentation.Apply(image, augmented);
                    image = augmented;
                }

                normalization.Apply(image, pixels.AsSpan(k * imageBytes, imageBytes));
                labels[k] = dataset.Labels[index];
            }

            yield return new ImageBatch(
                tensor(pixels, [count, CifarImageFormat.Channels, CifarImageFormat.Side, CifarImageFormat.Side]),
                tensor(labels, [count])
            );
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
