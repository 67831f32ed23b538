using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Distributed;

/// <summary>
/// Training-mode batch normalisation over [N, C, H, W] with the statistics of the whole global batch, as
/// torch.nn.SyncBatchNorm computes them: forward all-reduces the per-channel sums (mean, then the squared
/// deviations from it, so no large-number cancellation), backward all-reduces Σdy and Σdy·x̂, so the input gradient
/// is that of the global batch. Weight and bias gradients stay local; data parallelism averages them with the rest.
/// The per-channel reductions run in float64, so the result does not depend on how the batch is split.
/// </summary>
public sealed class SyncBatchNormFunction : autograd.MultiTensorFunction<SyncBatchNormFunction>
{
    private const string CollectivesKey = "collectives", CountKey = "count";
    private static readonly long[] ChannelDims = [0, 2, 3];

    public override string Name => nameof(SyncBatchNormFunction);

    /// <summary>
    /// The normalised, scaled and shifted input; <paramref name="runningMean"/> and <paramref name="runningVar"/>
    /// are updated in place with the global mean and unbiased variance, as BatchNorm's momentum rule says.
    /// </summary>
    public static Tensor Normalize(Tensor input, Tensor weight, Tensor bias, Tensor runningMean, Tensor runningVar,
        double momentum, double eps, ICollectives collectives) =>
        apply(input, weight, bias, runningMean, runningVar, momentum, eps, collectives)[0];

    public override List<Tensor> forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var (input, weight, bias) = ((Tensor)vars[0], (Tensor)vars[1], (Tensor)vars[2]);
        var (runningMean, runningVar) = ((Tensor)vars[3], (Tensor)vars[4]);
        var (momentum, eps, collectives) = ((double)vars[5], (double)vars[6], (ICollectives)vars[7]);

        using var scope = NewDisposeScope();
        var x = input.to(float32);
        long channels = x.shape[1];
        var sums = cat([x.sum(ChannelDims, type: float64), full(1, x.numel() / channels, float64, x.device)]);
        collectives.AllReduce(sums);
        double count = sums[channels].item<double>();
        if (count < 2)
            throw new InvalidOperationException($"SyncBatchNorm needs more than one value per channel in the global batch (got {count})");
        var mean = sums[..(int)channels] / count;
        var centred = x - mean.to(float32).view(1, -1, 1, 1);
        var squares = centred.square().sum(ChannelDims, type: float64);
        collectives.AllReduce(squares);
        var variance = squares / count;
        var invStd = (variance + eps).rsqrt().to(float32);
        var normalized = centred * invStd.view(1, -1, 1, 1);
        var output = (normalized * weight.view(1, -1, 1, 1) + bias.view(1, -1, 1, 1)).to(input.dtype);

        using (no_grad())
        {
            runningMean.mul_(1 - momentum).add_(mean.to(runningMean.dtype), alpha: momentum);
            runningVar.mul_(1 - momentum).add_((variance * (count / (count - 1))).to(runningVar.dtype), alpha: momentum);
        }
        // TorchSharp takes the saved tensors when apply() builds the node, after forward returns, so they must
        // outlive this scope.
        ctx.save_for_backward([normalized.MoveToOuterDisposeScope(), invStd.MoveToOuterDisposeScope(), weight]);
        ctx.save_data(CollectivesKey, collectives);
        ctx.save_data(CountKey, count);
        return [output.MoveToOuterDisposeScope()];
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, List<Tensor> gradOutputs)
    {
        var saved = ctx.get_saved_variables();
        var (normalized, invStd, weight) = (saved[0], saved[1], saved[2]);
        var collectives = (ICollectives)ctx.get_data(CollectivesKey);
        double count = (double)ctx.get_data(CountKey);
        try
        {
            using var scope = NewDisposeScope();
            var dy = gradOutputs[0].to(float32);
            long channels = dy.shape[1];
            var sumDy = dy.sum(ChannelDims, type: float64);
            var sumDyXhat = (dy * normalized).sum(ChannelDims, type: float64);
            var gradWeight = sumDyXhat.to(float32);
            var gradBias = sumDy.to(float32);
            var global = cat([sumDy, sumDyXhat]);
            collectives.AllReduce(global);
            var meanDy = (global[..(int)channels] / count).to(float32).view(1, -1, 1, 1);
            var meanDyXhat = (global[(int)channels..] / count).to(float32).view(1, -1, 1, 1);
            var gradInput = (dy - meanDy - normalized * meanDyXhat) * (weight * invStd).view(1, -1, 1, 1);
            return [gradInput.to(gradOutputs[0].dtype).MoveToOuterDisposeScope(), gradWeight.MoveToOuterDisposeScope(),
                gradBias.MoveToOuterDisposeScope(), null!, null!, null!, null!, null!];
        }
        finally
        {
            foreach (var t in saved) t.Dispose();
        }
    }
}
