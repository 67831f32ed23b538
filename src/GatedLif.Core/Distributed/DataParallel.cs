using GatedLif.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GatedLif.Distributed;

/// <summary>
/// DistributedDataParallel for a model replicated on every rank: at construction every parameter and buffer is
/// made rank 0's and every tdBN/BatchNorm layer is synchronised (SyncBatchNorm semantics, see
/// <see cref="TdBatchNorm.Synchronisation"/>); after each backward pass, <see cref="AverageGradients"/> averages
/// the gradients over the ranks in buckets (one collective per bucket, not per parameter), in the reverse order
/// of the parameters as DDP does. With every rank's loss the mean over its own samples, the averaged gradient is
/// that of the mean over the global batch.
/// </summary>
public sealed class DataParallel
{
    /// <summary>DDP's default bucket_cap_mb.</summary>
    public const long DefaultBucketBytes = 25L << 20;

    private readonly nn.Module _model;
    private readonly ICollectives _world;
    private readonly long _bucketBytes;

    public DataParallel(nn.Module model, ICollectives world, long bucketBytes = DefaultBucketBytes)
    {
        _model = model;
        _world = world;
        _bucketBytes = bucketBytes;
        if (world.WorldSize == 1)
            return;
        using (no_grad())
        {
            foreach (var p in model.parameters())
                world.Broadcast(p, root: 0);
            foreach (var b in model.buffers())
                world.Broadcast(b, root: 0);
        }
        foreach (var bn in model.modules().OfType<TdBatchNorm>())
            bn.Synchronisation = world;
    }

    public ICollectives World => _world;

    public void AverageGradients()
    {
        if (_world.WorldSize == 1)
            return;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        foreach (var bucket in Buckets())
        {
            var flat = cat(bucket.Select(g => g.reshape(-1)).ToArray());
            _world.AllReduce(flat, ReduceOp.Mean);
            long offset = 0;
            foreach (var grad in bucket)
            {
                grad.copy_(flat.narrow(0, offset, grad.numel()).view_as(grad));
                offset += grad.numel();
            }
        }
    }

    /// <summary>Gradients grouped by dtype and device into runs of at most the bucket size (a larger one alone).
    /// Parameters without a gradient are left out on every rank alike, since every rank runs the same graph.</summary>
    private IEnumerable<List<Tensor>> Buckets()
    {
        var bucket = new List<Tensor>();
        long bytes = 0;
        foreach (var p in _model.parameters().Reverse())
        {
            if (p.grad is not { } grad)
                continue;
            if (bucket.Count > 0 && (bytes + grad.numel() * grad.element_size() > _bucketBytes
                                     || grad.dtype != bucket[0].dtype || grad.device_type != bucket[0].device_type
                                     || grad.device_index != bucket[0].device_index))
            {
                yield return bucket;
                bucket = [];
                bytes = 0;
            }
            bucket.Add(grad);
            bytes += grad.numel() * grad.element_size();
        }
        if (bucket.Count > 0)
            yield return bucket;
    }
}
