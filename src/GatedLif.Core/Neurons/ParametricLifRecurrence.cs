using GatedLif.Kernels;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Neurons;

/// <summary>
/// The fused parametric LIF call (<see cref="ParametricLif"/> with its reset detached and the sigmoid surrogate): one
/// autograd node that runs all T steps forward and the reverse-time recurrence backward
/// (<see cref="CpuParametricLifKernel"/>). It saves only x: the potentials h_t are recomputed by a second forward
/// pass when backward runs (the same bits: the kernel is deterministic), and spikes and the reset states from h.
/// Gradients go to x and to k = σ(w), and autograd carries k's on to w.
/// </summary>
internal sealed class ParametricLifRecurrence : autograd.MultiTensorFunction<ParametricLifRecurrence>
{
    private const string ThresholdKey = "threshold",
        AlphaKey = "alpha";

    public override string Name => nameof(ParametricLifRecurrence);

    /// <summary>Spikes [T, B, ...] of <paramref name="x"/> with k = σ(w) (a float32 scalar tensor); without
    /// gradients needed, no autograd node.</summary>
    public static Tensor Fire(Tensor x, Tensor k, double threshold, double alpha)
    {
        bool tracked = is_grad_enabled() && (x.requires_grad || k.requires_grad);
        if (!tracked)
            return CpuParametricLifKernel.Forward(x, k.item<float>(), (float)threshold, null);
        return CustomFunctionOutputs.Release(apply(x, k, threshold, alpha)[0]);
    }

    public override List<Tensor> forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var x = (Tensor)vars[0];
        var k = (Tensor)vars[1];
        var spikes = CpuParametricLifKernel.Forward(x, k.item<float>(), (float)(double)vars[2], null);
        ctx.save_for_backward([x, k]);
        ctx.save_data(ThresholdKey, vars[2]);
        ctx.save_data(AlphaKey, vars[3]);
        CustomFunctionOutputs.Track(ctx);
        return [spikes];
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, List<Tensor> grad_outputs)
    {
        var saved = ctx.get_saved_variables();
        try
        {
            float k = saved[1].item<float>(),
                threshold = (float)(double)ctx.get_data(ThresholdKey);
            using var potential = empty(saved[0].shape, saved[0].dtype, saved[0].device);
            CpuParametricLifKernel.Forward(saved[0], k, threshold, potential).Dispose();
            var (dx, dk) = CpuParametricLifKernel.Backward(
                saved[0],
                potential,
                grad_outputs[0],
                k,
                threshold,
                (float)(double)ctx.get_data(AlphaKey)
            );
            return [dx, dk, null!, null!];
        }
        finally
        {
            foreach (var t in saved)
                t.Dispose();
        }
    }
}
