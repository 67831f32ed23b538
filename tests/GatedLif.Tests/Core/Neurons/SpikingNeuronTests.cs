using GatedLif.Kernels;
using GatedLif.Neurons;
using GatedLif.Neurons.Membrane;
using GatedLif.Surrogates;
using GatedLif.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Tests.Core.Neurons;

/// <summary>The neuron base: the surrogate a neuron is given decides its gradients on every path, and the fused
/// kernels' fallback is reported.</summary>
[Trait(KernelDependence.Trait, KernelDependence.Dependent)]
public sealed class SpikingNeuronTests
{
    private static (Tensor Spikes, Tensor InputGradient) Run(NeuronImplementation implementation, ISpikeSurrogate? surrogate, ScalarType dtype = ScalarType.Float32)
    {
        var settings = new GlifSettings(3, GlifSettings.DefaultGates, SoftMode: true, Implementation: implementation, Surrogate: surrogate);
        using var neuron = new ChannelWiseGlif(4, settings);
        var generator = new Generator(7);
        var x = empty([3, 5, 4, 6], dtype).normal_(0.6, 0.8, generator).requires_grad_();
        var spikes = neuron.call(x);
        spikes.backward([empty_like(spikes).normal_(0, 1, generator)]);
        return (spikes.detach(), x.grad!);
    }

    [Fact]
    public void Fused_and_unrolled_glif_read_the_window_of_the_surrogate_they_are_given()
    {
        var wide = new RectangularSurrogate(1.5);
        var (referenceSpikes, referenceGradient) = Run(NeuronImplementation.Unrolled, null);
        var (unrolledSpikes, unrolledGradient) = Run(NeuronImplementation.Unrolled, wide);
        var (fusedSpikes, fusedGradient) = Run(NeuronImplementation.Fused, wide);
        var (tensorOpsSpikes, tensorOpsGradient) = Run(NeuronImplementation.FusedTensorOps, wide);

        Assert.True(referenceSpikes.equal(unrolledSpikes).all().item<bool>(), "the window changes no spike");
        Assert.False(referenceGradient.allclose(unrolledGradient), "a wider window passes more gradient");
        Assert.True(unrolledSpikes.equal(fusedSpikes).all().item<bool>() && unrolledSpikes.equal(tensorOpsSpikes).all().item<bool>());
        Assert.True(fusedGradient.allclose(unrolledGradient, rtol: 1e-5, atol: 1e-6));
        Assert.True(tensorOpsGradient.allclose(unrolledGradient, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void A_fused_glif_refuses_a_surrogate_its_kernels_cannot_compute()
    {
        var settings = new GlifSettings(2, GlifSettings.DefaultGates, Surrogate: SigmoidSurrogate.SpikingJelly);
        var refused = Assert.Throws<ArgumentException>(() => new ChannelWiseGlif(4, settings));
        Assert.Contains("unrolled", refused.Message);
        using var unrolled = new ChannelWiseGlif(4, settings with { Implementation = NeuronImplementation.Unrolled });
        Assert.Same(SigmoidSurrogate.SpikingJelly, unrolled.Surrogate);
    }

    [Fact]
    public void The_fused_kernels_take_float32_and_float64_and_report_a_cpu_tensor_they_leave_to_torch_operations()
    {
        var reports = new List<string>();
        void Record(string message)
        {
            lock (reports) reports.Add(message);
        }
        MembraneRecurrence.CpuKernelFallback += Record;
        try
        {
            Run(NeuronImplementation.Fused, null);
            Run(NeuronImplementation.Fused, null, ScalarType.Float64);
            using (var single = zeros(2, 3))
                Assert.Same(CpuMembraneKernel<float>.Instance, MembraneRecurrence.KernelFor(single, ScalarType.Float32));
            using (var wide = zeros([2, 3], float64))
                Assert.Same(CpuMembraneKernel<double>.Instance, MembraneRecurrence.KernelFor(wide, ScalarType.Float64));
            lock (reports) Assert.Empty(reports);
            using (var half = zeros([2, 3], float16))
                Assert.Same(TensorMembraneKernel.Instance, MembraneRecurrence.KernelFor(half, ScalarType.Float16));
            lock (reports) Assert.Contains(reports, r => r.Contains("Float16"));
        }
        finally
        {
            MembraneRecurrence.CpuKernelFallback -= Record;
        }
    }
}
