using GatedLif.Data.Datasets;
using GatedLif.Data.Datasets.Dvs;
using GatedLif.Data.Transforms;
using GatedLif.Training;
using static TorchSharp.torch;

namespace GatedLif.Data.Loading;

/// <summary>
/// Mini-batches of CIFAR10-DVS frames like torch's DataLoader: frames [B, T, 2, H, W] float32 (as
/// <see cref="ImageBatch.Images"/>) and labels [B] int64 on the CPU, the samples taken in <paramref name="order"/>,
/// the last partial batch dropped when asked (the reference's training loader). Sample k of the order is cropped
/// at <c>crops[k]</c> when the transform crops; the offsets are drawn by the caller, so the samples of a batch can be
/// read and transformed on <paramref name="threads"/> threads without changing a run. Batches are prepared ahead
/// of the caller by the <see cref="Prefetcher"/>.
/// </summary>
public sealed class DvsBatchLoader(
    IReadOnlyList<DvsSample> samples,
    int[] order,
    int frames,
    int batchSize,
    DvsFrameTransform transform,
    (int Top, int Left)[]? crops = null,
    bool dropLast = false,
    int threads = 1
) : IEnumerable<ImageBatch>
{
    public int BatchCount => dropLast ? order.Length / batchSize : (order.Length + batchSize - 1) / batchSize;

    public IEnumerator<ImageBatch> GetEnumerator() => Prefetcher.Prefetch(Batches()).GetEnumerator();

    private IEnumerable<ImageBatch> Batches()
    {
        for (int b = 0; b < BatchCount; b++)
        {
            int start = b * batchSize,
                count = Math.Min(batchSize, order.Length - start);
            yield return Assemble(start, count);
        }
    }

    private ImageBatch Assemble(int start, int count)
    {
        var items = new Tensor[count];
        try
        {
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, k =>
            {
                var sample = samples[order[start + k]];
                var data = DvsFrameFolder.Load(sample, frames, out var shape);
                using var raw = tensor(data, shape, float64);
                items[k] = transform.Apply(raw, crops?[start + k] ?? (0, 0)).DetachFromDisposeScope();
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.FirstOrDefault(x => x is DatasetException) is { } first)
        {
            throw first;
        }
        var batch = stack(items);
        foreach (var item in items)
            item?.Dispose();
        var labels = tensor(order[start..(start + count)].Select(i => (long)samples[i].Label).ToArray(), int64);
        return new ImageBatch(batch.DetachFromDisposeScope(), labels.DetachFromDisposeScope());
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
