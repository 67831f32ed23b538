using GatedLif.Kernels;
using GatedLif.Surrogates;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Neurons.Membrane;

/// <summary>
/// The fused GLIF neuron call: one autograd node that runs all T membrane updates forward and the reverse-time
/// recurrence backward (<see cref="IMembraneKernel.Backward"/>). It saves only x and the membrane potentials
/// u_t; spikes are recomputed from u. Gradients go to x and to the stacked coefficients, and autograd carries
/// them on through the gate and σ transforms to the parameters.
/// </summary>
public sealed class MembraneRecurrence : autograd.MultiTensorFunction<MembraneRecurrence>
{
    private const string KernelKey = "kernel", GatedKey = "gated", SurrogateKey = "surrogate";

    public override string Name => nameof(MembraneRecurrence);

    /// <summary>
    /// Raised when a CPU tensor is one the vectorised kernel cannot take (neither float32 nor float64, or over 2 GiB),
    /// so the membrane runs on TorchSharp operations, which are slower. The run's log prints each message once; CUDA
    /// tensors take TorchSharp operations by design and raise nothing.
    /// </summary>
    public static event Action<string>? CpuKernelFallback;

    /// <summary>The kernel for <paramref name="x"/>: the C# loop for float32 and float64 on the CPU, TorchSharp
    /// operations elsewhere.</summary>
    public static IMembraneKernel KernelFor(Tensor x)
    {
        if (CpuMembraneKernel.For(x) is { } vectorised)
            return vectorised;
        if (x.device_type == DeviceType.CPU)
            CpuKernelFallback?.Invoke(
                $"GLIF neurons: a {x.dtype} membrane of {x.numel()} values runs on TorchSharp operations, not the vectorised CPU kernel (float32 and float64, up to 2 GiB)");
        return TensorMembraneKernel.Instance;
    }

    /// <summary>Spikes [T, B, ...] of <paramref name="x"/>; without gradients needed, no autograd node and no saved u.</summary>
    public static Tensor Fire(Tensor x, MembraneCoefficients k, IMembraneKernel kernel, RectangularSurrogate surrogate)
    {
        bool tracked = is_grad_enabled() && (x.requires_grad || k.All.Any(t => t is { requires_grad: true }));
        if (!tracked)
            return kernel.Forward(x, k, null);
        // The membrane buffer is passed in (as an input that needs no gradient) so this call can release its handle
        // once autograd has saved it.
        using var membrane = empty(x.shape, x.dtype, x.device);
        return apply(x, k.Gain, k.Decay, k.Leak, k.Reset, k.Threshold, k.ResetGate, membrane, kernel, surrogate)[0];
    }

    public override List<Tensor> forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var x = (Tensor)vars[0];
        var k = Coefficients(vars[1..7]);
        var membrane = (Tensor)vars[7];
        var kernel = (IMembraneKernel)vars[8];
        var spikes = kernel.Forward(x, k, membrane);
        ctx.save_for_backward([x, membrane, .. k.All.OfType<Tensor>()]);
        ctx.save_data(KernelKey, kernel);
        ctx.save_data(SurrogateKey, vars[9]);
        ctx.save_data(GatedKey, k.ResetGate is not null);
        return [spikes];
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, List<Tensor> grad_outputs)
    {
        var saved = ctx.get_saved_variables();
        try
        {
            bool gated = (bool)ctx.get_data(GatedKey);
            var k = Coefficients([.. saved[2..7], gated ? saved[7] : null]);
            var g = ((IMembraneKernel)ctx.get_data(KernelKey)).Backward(saved[0], saved[1], k, grad_outputs[0],
                (RectangularSurrogate)ctx.get_data(SurrogateKey));
            return [g.Input, g.Gain, g.Decay, g.Leak, g.Reset, g.Threshold, g.ResetGate!, null!, null!, null!];
        }
        finally
        {
            foreach (var t in saved) t.Dispose();
        }
    }

    private static MembraneCoefficients Coefficients(object?[] v) =>
        new((Tensor)v[0]!, (Tensor)v[1]!, (Tensor)v[2]!, (Tensor)v[3]!, (Tensor)v[4]!, v[5] as Tensor);
}
