using GatedLif.Data.Datasets;
using GatedLif.Data.Datasets.Dvs;
using GatedLif.Data.Transforms;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Data.Loading;

/// <summary>
/// Mini-batches of CIFAR10-DVS frames like torch's DataLoader: frames [B, T, 2, H, W] float32 and labels [B]
/// int64 on the CPU, shuffled per epoch when a source is given, the last partial batch dropped when asked
/// (the reference's training loader). The samples of a batch are read and transformed in parallel, and the
/// next batch is prepared while the caller works on the current one.
/// </summary>
public sealed class DvsBatchLoader(
    IReadOnlyList<DvsSample> samples, int frames, int batchSize, DvsFrameTransform transform,
    IRandomSource? shuffle = null, bool dropLast = false, int workers = 1) : IEnumerable<(Tensor Frames, Tensor Labels)>
{
    public int BatchCount => dropLast ? samples.Count / batchSize : (samples.Count + batchSize - 1) / batchSize;

    public IEnumerator<(Tensor Frames, Tensor Labels)> GetEnumerator()
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
        Task<(Tensor, Tensor)>? next = null;
        for (int b = 0; b < BatchCount; b++)
        {
            var current = next ?? Start(b);
            next = b + 1 < BatchCount ? Start(b + 1) : null;
            yield return current.GetAwaiter().GetResult();
        }

        Task<(Tensor, Tensor)> Start(int batch)
        {
            int start = batch * batchSize, count = Math.Min(batchSize, samples.Count - start);
            return Task.Run(() => Assemble(order.AsSpan(start, count).ToArray(), crops.AsSpan(start, count).ToArray()));
        }
    }

    private (Tensor, Tensor) Assemble(int[] indices, (int, int)[] crops)
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
        return (batch.DetachFromDisposeScope(), labels.DetachFromDisposeScope());
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
