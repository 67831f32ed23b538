using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Distributed;

/// <summary>
/// Training-mode batch normalisation over [N, C, H, W] with the statistics of the whole global batch, as
/// torch.nn.SyncBatchNorm computes them: forward all-reduces the per-channel sums (of x, then of the squared
/// deviations from the mean, so no large-number cancellation), backward all-reduces Σdy and Σdy·x̂, so the input
/// gradient is that of the global batch. Weight and bias gradients stay local; data parallelism averages them.
/// The forward arithmetic is libtorch's CPU batch_norm: float64 sums of float32 terms, the mean and 1/√(var+ε)
/// rounded to float32, then <c>x·α + β</c> with α = w/σ and β = b − mean·α, fused. So the sums do not depend
/// on how the batch is split over ranks, and N ranks compute the output one process computes for the whole
/// batch, bit for bit as a rule: a spiking network would otherwise amplify a last-bit difference that moves a
/// membrane potential across its threshold.
/// </summary>
internal sealed class SyncBatchNormFunction : autograd.MultiTensorFunction<SyncBatchNormFunction>
{
    private const string CollectivesKey = "collectives",
        CountKey = "count";
    private static readonly long[] ChannelDims = [0, 2, 3];

    public override string Name => nameof(SyncBatchNormFunction);

    /// <summary>
    /// The normalised, scaled and shifted input; <paramref name="runningMean"/> and <paramref name="runningVar"/>
    /// are updated in place with the global mean and unbiased variance, as BatchNorm's momentum rule says.
    /// </summary>
    public static Tensor Normalize(
        Tensor input,
        Tensor weight,
        Tensor bias,
        Tensor runningMean,
        Tensor runningVar,
        double momentum,
        double eps,
        ICollectives collectives
    ) =>
        CustomFunctionOutputs.Release(
            apply(input, weight, bias, runningMean, runningVar, momentum, eps, collectives)[0]
        );

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
            throw new InvalidOperationException(
                $"SyncBatchNorm needs more than one value per channel in the global batch (got {count})"
            );
        var mean = (sums[..(int)channels] / count).to(float32);
        var centred = x - mean.view(1, -1, 1, 1);
        var squares = centred.square().sum(ChannelDims, type: float64);
        collectives.AllReduce(squares);
        // libtorch keeps the sum of squares in float32 and divides it there; 1/√(var+ε) is taken in float64.
        var squareSum = squares.to(float32);
        var invStd = ((squareSum / count).to(float64) + eps).rsqrt().to(float32);
        // libtorch's kernel is compiled with fused multiply-adds: β = fma(−mean, α, b) (exact in float64 for float32
        // operands, then rounded) and y = fma(x, α, β), which addcmul is on the CPU.
        var alpha = invStd * weight;
        var beta = (bias.to(float64) - mean.to(float64) * alpha.to(float64)).to(float32);
        var output = beta.view(1, -1, 1, 1).addcmul(x, alpha.view(1, -1, 1, 1), 1).to(input.dtype);
        var normalized = centred * invStd.view(1, -1, 1, 1);

        using (no_grad())
        {
            var unbiased = (squareSum / (count - 1)).to(float64);
            runningMean.copy_(runningMean.to(float64).mul_(1 - momentum).add_(mean.to(float64), alpha: momentum));
            runningVar.copy_(runningVar.to(float64).mul_(1 - momentum).add_(unbiased, alpha: momentum));
        }
        // TorchSharp takes the saved tensors when apply() builds the node, after forward returns, so they must
        // outlive this scope.
        ctx.save_for_backward([normalized.MoveToOuterDisposeScope(), invStd.MoveToOuterDisposeScope(), weight]);
        ctx.save_data(CollectivesKey, collectives);
        ctx.save_data(CountKey, count);
        CustomFunctionOutputs.Track(ctx);
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
            return
            [
                gradInput.to(gradOutputs[0].dtype).MoveToOuterDisposeScope(),
                gradWeight.MoveToOuterDisposeScope(),
                gradBias.MoveToOuterDisposeScope(),
                null!,
                null!,
                null!,
                null!,
                null!,
            ];
        }
        finally
        {
            foreach (var t in saved)
                t.Dispose();
        }
    }
}
