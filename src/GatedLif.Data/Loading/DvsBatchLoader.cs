using GatedLif.Training;
using GatedLif.Data.Datasets;
using GatedLif.Data.Datasets.Dvs;
using GatedLif.Data.Transforms;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Data.Loading;

/// <summary>
/// Mini-batches of CIFAR10-DVS frames like torch's DataLoader: frames [B, T, 2, H, W] float32 (as
/// <see cref="ImageBatch.Images"/>) and labels [B] int64 on the CPU, shuffled per epoch when a source is given, the
/// last partial batch dropped when asked (the reference's training loader). The samples of a batch are read and
/// transformed in parallel, and batches are prepared ahead of the caller by the <see cref="Prefetcher"/>.
/// </summary>
public sealed class DvsBatchLoader(
    IReadOnlyList<DvsSample> samples, int frames, int batchSize, DvsFrameTransform transform,
    IRandomSource? shuffle = null, bool dropLast = false, int workers = 1) : IEnumerable<ImageBatch>
{
    public int BatchCount => dropLast ? samples.Count / batchSize : (samples.Count + batchSize - 1) / batchSize;

    public IEnumerator<ImageBatch> GetEnumerator() => Prefetcher.Prefetch(Batches()).GetEnumerator();

    private IEnumerable<ImageBatch> Batches()
    {
        var order = Enumerable.Range(0, samples.Count).ToArray();
        if (shuffle is not null)
        {
            for (int i = order.Length - 1; i > 0; i--)
            {
                int j = shuffle.NextInt(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }
        }
        // Crop offsets are drawn up front, in sample order, so parallel loading keeps a run repeatable.
        var crops = order.Select(_ => shuffle is null ? (0, 0) : transform.DrawCrop(shuffle)).ToArray();
        for (int b = 0; b < BatchCount; b++)
        {
            int start = b * batchSize, count = Math.Min(batchSize, samples.Count - start);
            yield return Assemble(order[start..(start + count)], crops[start..(start + count)]);
        }
    }

    private ImageBatch Assemble(int[] indices, (int, int)[] crops)
    {
        var items = new Tensor[indices.Length];
        try
        {
            Parallel.For(0, indices.Length, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, workers) }, k =>
            {
                var sample = samples[indices[k]];
                var data = DvsFrameFolder.Load(sample, frames, out var shape);
                using var raw = tensor(data, shape, float64);
                items[k] = transform.Apply(raw, crops[k]).DetachFromDisposeScope();
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.FirstOrDefault(x => x is DatasetException) is { } first)
        {
            throw first;
        }
        var batch = stack(items);
        foreach (var item in items) item.Dispose();
        var labels = tensor(indices.Select(i => (long)samples[i].Label).ToArray(), int64);
        return new ImageBatch(batch.DetachFromDisposeScope(), labels.DetachFromDisposeScope());
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
