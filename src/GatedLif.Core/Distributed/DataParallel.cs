using GatedLif.Layers;
using GatedLif.Layers.Convolutions;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GatedLif.Distributed;

/// <summary>
/// DistributedDataParallel for a model replicated on every rank: at construction every parameter and buffer is
/// made rank 0's, every tdBN/BatchNorm layer is synchronised (SyncBatchNorm semantics, see
/// <see cref="TdBatchNorm.Synchronisation"/>) and auto's convolution plans are made from the ranks' mean input
/// density, so every rank plans alike; after each backward pass, <see cref="AverageGradients"/> averages
/// the gradients over the ranks in buckets (one collective per bucket, not per parameter, on a buffer made once),
/// in the reverse order of the parameters as DDP does. With every rank's loss the mean over its own samples, the
/// averaged gradient is that of the mean over the global batch.
/// </summary>
public sealed class DataParallel : IDisposable
{
    /// <summary>DDP's default bucket_cap_mb.</summary>
    public const long DefaultBucketBytes = 25L << 20;

    private readonly nn.Module _model;
    private readonly ICollectives _world;
    private readonly long _bucketBytes;
    private List<Bucket>? _buckets;

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
        ConvolutionRoutes.AgreeOnDensity(model, MeanOverRanks);
    }

    private double MeanOverRanks(double value)
    {
        using var mean = tensor(new[] { value }, float64);
        _world.AllReduce(mean, ReduceOp.Mean);
        return mean.item<double>();
    }

    public ICollectives World => _world;

    public void AverageGradients()
    {
        if (_world.WorldSize == 1)
            return;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var withGradients = _model.parameters().Reverse().Where(p => p.grad is not null).ToList();
        // By reference: Tensor.Equals compares contents.
        if (
            _buckets is null
            || !_buckets.SelectMany(b => b.Parameters).SequenceEqual(withGradients, ReferenceEqualityComparer.Instance)
        )
            Plan(withGradients);
        foreach (var bucket in _buckets!)
        {
            long offset = 0;
            foreach (var p in bucket.Parameters)
            {
                var grad = p.grad!;
                bucket.Flat.narrow(0, offset, grad.numel()).copy_(grad.reshape(-1));
                offset += grad.numel();
            }
            _world.AllReduce(bucket.Flat, ReduceOp.Mean);
            offset = 0;
            foreach (var p in bucket.Parameters)
            {
                var grad = p.grad!;
                grad.copy_(bucket.Flat.narrow(0, offset, grad.numel()).view_as(grad));
                offset += grad.numel();
            }
        }
    }

    public void Dispose()
    {
        foreach (var bucket in _buckets ?? [])
            bucket.Flat.Dispose();
        _buckets = null;
    }

    /// <summary>One flat buffer per bucket, made once and reused every step.</summary>
    private sealed record Bucket(List<Parameter> Parameters, Tensor Flat);

    /// <summary>Gradients grouped by dtype and device into runs of at most the bucket size (a larger one alone).
    /// Parameters without a gradient are left out on every rank alike, since every rank runs the same graph.</summary>
    private void Plan(List<Parameter> withGradients)
    {
        Dispose();
        var buckets = new List<Bucket>();
        var members = new List<Parameter>();
        long bytes = 0;
        void Close()
        {
            if (members.Count == 0)
                return;
            var first = members[0].grad!;
            var flat = empty(members.Sum(p => p.grad!.numel()), first.dtype, first.device);
            buckets.Add(new Bucket(members, flat.DetachFromDisposeScope()));
            members = [];
            bytes = 0;
        }
        foreach (var p in withGradients)
        {
            var grad = p.grad!;
            var head = members.Count > 0 ? members[0].grad! : null;
            if (
                head is not null
                && (
                    bytes + grad.numel() * grad.element_size() > _bucketBytes
                    || grad.dtype != head.dtype
                    || grad.device_type != head.device_type
                    || grad.device_index != head.device_index
                )
            )
                Close();
            members.Add(p);
            bytes += grad.numel() * grad.element_size();
        }
        Close();
        _buckets = buckets;
    }
}
