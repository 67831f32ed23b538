using GatedLif.Kernels;
using GatedLif.Surrogates;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Neurons.Membrane;

/// <summary>
/// The fused GLIF neuron call: one autograd node that runs all T membrane updates forward and the reverse-time
/// recurrence backward (<see cref="IMembraneKernel.Backward"/>). For backward it keeps only x, as it came in, and
/// the coefficients: the membrane potentials u_t are recomputed by a second forward pass when backward runs (the
/// kernel is deterministic, so they are the same bits), which halves what a float32 neuron keeps for BPTT and
/// quarters it for the CIFAR10-DVS neuron, whose float64 gates run the membrane in float64 on a float32 x.
/// Gradients go to x and to the stacked coefficients, and autograd carries them on through the gate and σ
/// transforms to the parameters.
/// </summary>
internal sealed class MembraneRecurrence : autograd.MultiTensorFunction<MembraneRecurrence>
{
    private const string KernelKey = "kernel",
        GatedKey = "gated",
        SurrogateKey = "surrogate";

    public override string Name => nameof(MembraneRecurrence);

    /// <summary>
    /// Raised when a CPU membrane is one the vectorised kernel cannot take (neither float32 nor float64, or over 2
    /// GiB), so it runs on TorchSharp operations, which are slower. The run's log prints each message once; CUDA
    /// tensors take TorchSharp operations by design and raise nothing.
    /// </summary>
    public static event Action<string>? CpuKernelFallback;

    /// <summary>The kernel for a membrane of <paramref name="x"/>'s shape and device in <paramref name="membrane"/>
    /// (the coefficients' dtype): the C# loop for float32 and float64 on the CPU, TorchSharp operations
    /// elsewhere.</summary>
    public static IMembraneKernel KernelFor(Tensor x, ScalarType membrane)
    {
        if (CpuMembraneKernel.For(x.device_type, membrane, x.numel()) is { } vectorised)
            return vectorised;
        if (x.device_type == DeviceType.CPU)
            CpuKernelFallback?.Invoke(
                $"GLIF neurons: a {membrane} membrane of {x.numel()} values runs on TorchSharp operations, not the "
                    + $"vectorised CPU kernel (float32 and float64, up to 2 GiB)"
            );
        return TensorMembraneKernel.Instance;
    }

    /// <summary>
    /// Spikes [T, B, ...] of <paramref name="x"/>, in x's dtype. The membrane runs in the coefficients' dtype: where
    /// they are wider (float64 gates), x is widened first and the spikes cast back, as the reference's type promotion
    /// does; both casts are exact. Without gradients needed, no autograd node and nothing saved.
    /// </summary>
    public static Tensor Fire(Tensor x, MembraneCoefficients k, IMembraneKernel kernel, RectangularSurrogate surrogate)
    {
        bool tracked = is_grad_enabled() && (x.requires_grad || k.All.Any(t => t is { requires_grad: true }));
        if (!tracked)
            return Spikes(x, k, kernel);
        return CustomFunctionOutputs.Release(
            apply(x, k.Gain, k.Decay, k.Leak, k.Reset, k.Threshold, k.ResetGate, kernel, surrogate)[0]
        );
    }

    public override List<Tensor> forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var x = (Tensor)vars[0];
        var k = Coefficients(vars[1..7]);
        var kernel = (IMembraneKernel)vars[7];
        var spikes = Spikes(x, k, kernel);
        ctx.save_for_backward([x, .. k.All.OfType<Tensor>()]);
        ctx.save_data(KernelKey, kernel);
        ctx.save_data(SurrogateKey, vars[8]);
        ctx.save_data(GatedKey, k.ResetGate is not null);
        CustomFunctionOutputs.Track(ctx);
        return [spikes];
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, List<Tensor> grad_outputs)
    {
        var saved = ctx.get_saved_variables();
        try
        {
            using var scope = NewDisposeScope();
            bool gated = (bool)ctx.get_data(GatedKey);
            var k = Coefficients([.. saved[1..6], gated ? saved[6] : null]);
            var kernel = (IMembraneKernel)ctx.get_data(KernelKey);
            var x = saved[0];
            var wide = Widen(x, k);
            var membrane = empty(wide.shape, wide.dtype, wide.device);
            kernel.Forward(wide, k, membrane);
            var g = kernel.Backward(
                wide,
                membrane,
                k,
                Widen(grad_outputs[0], k),
                (RectangularSurrogate)ctx.get_data(SurrogateKey)
            );
            var dx = g.Input.to_type(x.dtype);
            var grads = new List<Tensor>
            {
                dx,
                g.Gain,
                g.Decay,
                g.Leak,
                g.Reset,
                g.Threshold,
                g.ResetGate!,
                null!,
                null!,
            };
            foreach (var t in grads.OfType<Tensor>())
                t.MoveToOuterDisposeScope();
            return grads;
        }
        finally
        {
            foreach (var t in saved)
                t.Dispose();
        }
    }

    /// <summary>The spikes in x's dtype, the membrane in the coefficients'.</summary>
    private static Tensor Spikes(Tensor x, MembraneCoefficients k, IMembraneKernel kernel)
    {
        if (k.Gain.dtype == x.dtype)
            return kernel.Forward(x, k, null);
        using var wide = x.to_type(k.Gain.dtype);
        using var spikes = kernel.Forward(wide, k, null);
        return spikes.to_type(x.dtype);
    }

    /// <summary><paramref name="t"/> in the membrane's dtype (itself when it has it; a copy the scope owns
    /// otherwise).</summary>
    private static Tensor Widen(Tensor t, MembraneCoefficients k) =>
        t.dtype == k.Gain.dtype ? t : t.to_type(k.Gain.dtype);

    private static MembraneCoefficients Coefficients(object?[] v) =>
        new((Tensor)v[0]!, (Tensor)v[1]!, (Tensor)v[2]!, (Tensor)v[3]!, (Tensor)v[4]!, v[5] as Tensor);
}
