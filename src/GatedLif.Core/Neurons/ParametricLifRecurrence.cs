using GatedLif.Kernels;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Neurons;

/// <summary>
/// The fused parametric LIF call (<see cref="ParametricLif"/> with its reset detached and the sigmoid surrogate): one
/// autograd node that runs all T steps forward and the reverse-time recurrence backward
/// (<see cref="CpuParametricLifKernel"/>). It saves only x and the potentials h_t; spikes and the reset states are
/// recomputed from h. Gradients go to x and to k = σ(w), and autograd carries k's on to w.
/// </summary>
public sealed class ParametricLifRecurrence : autograd.MultiTensorFunction<ParametricLifRecurrence>
{
    private const string ThresholdKey = "threshold", AlphaKey = "alpha";

    public override string Name => nameof(ParametricLifRecurrence);

    /// <summary>Spikes [T, B, ...] of <paramref name="x"/> with k = σ(w) (a float32 scalar tensor); without
    /// gradients needed, no autograd node and no saved potentials.</summary>
    public static Tensor Fire(Tensor x, Tensor k, double threshold, double alpha)
    {
        bool tracked = is_grad_enabled() && (x.requires_grad || k.requires_grad);
        if (!tracked)
            return CpuParametricLifKernel.Forward(x, k.item<float>(), (float)threshold, null);
        // The potential buffer is passed in (as an input that needs no gradient) so this call can release its handle
        // once autograd has saved it.
        using var potential = empty(x.shape, x.dtype, x.device);
        return apply(x, k, potential, threshold, alpha)[0];
    }

    public override List<Tensor> forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var x = (Tensor)vars[0];
        var k = (Tensor)vars[1];
        var potential = (Tensor)vars[2];
        var spikes = CpuParametricLifKernel.Forward(x, k.item<float>(), (float)(double)vars[3], potential);
        ctx.save_for_backward([x, potential, k]);
        ctx.save_data(ThresholdKey, vars[3]);
        ctx.save_data(AlphaKey, vars[4]);
        return [spikes];
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, List<Tensor> grad_outputs)
    {
        var saved = ctx.get_saved_variables();
        try
        {
            var (dx, dk) = CpuParametricLifKernel.Backward(saved[0], saved[1], grad_outputs[0], saved[2].item<float>(),
                (float)(double)ctx.get_data(ThresholdKey), (float)(double)ctx.get_data(AlphaKey));
            return [dx, dk, null!, null!, null!];
        }
        finally
        {
            foreach (var t in saved) t.Dispose();
        }
    }
}
