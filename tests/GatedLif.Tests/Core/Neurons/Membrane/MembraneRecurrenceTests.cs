using GatedLif.Kernels;
using GatedLif.Neurons;
using GatedLif.Neurons.Membrane;
using GatedLif.Tests.TestSupport;
using static TorchSharp.torch;

namespace GatedLif.Tests.Core.Neurons.Membrane;

/// <summary>
/// The fused neuron (C# kernel and the TorchSharp-operations kernel of the CUDA path) against the unrolled
/// oracle, for every variant, several T, with and without spatial dims: spikes identical, gradients of the input
/// and of every parameter within 1e-5 relative; and the kernel each membrane dtype gets, a fallback reported.
/// </summary>
[Trait(KernelDependence.Trait, KernelDependence.Dependent)]
public sealed class MembraneRecurrenceTests
{
    public static TheoryData<GlifVariant, int, bool> Cases()
    {
        var data = new TheoryData<GlifVariant, int, bool>();
        foreach (var v in Enum.GetValues<GlifVariant>())
        foreach (var t in new[] { 1, 2, 5 })
        foreach (var spatial in new[] { false, true })
            data.Add(v, t, spatial);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fused_neuron_gives_the_unrolled_spikes_and_gradients(GlifVariant variant, int steps, bool spatial)
    {
        const int channels = 6;
        long[] shape = spatial ? [steps, 3, channels, 5, 7] : [steps, 4, channels];
        var generator = new Generator((ulong)(1000 * (int)variant + 10 * steps + (spatial ? 1 : 0)));
        var oracle = OracleRun.Of(
            variant.Build(steps, channels, NeuronImplementation.Unrolled),
            shape,
            0.5,
            0.6,
            generator
        );

        foreach (var impl in new[] { NeuronImplementation.Fused, NeuronImplementation.FusedTensorOps })
        {
            var grads = oracle.SameSpikes(variant.Build(steps, channels, impl), $"{impl}");
            foreach (var (name, expected) in oracle.Grads)
                NeuronGradients.AssertClose(expected, grads[name], $"{impl} {variant} T={steps}: d/d{name}");
        }
    }

    [Fact]
    public void The_fused_kernels_take_float32_and_float64_and_report_a_cpu_tensor_they_leave_to_torch_operations()
    {
        var reports = new List<string>();
        void Record(string message)
        {
            lock (reports)
                reports.Add(message);
        }
        MembraneRecurrence.CpuKernelFallback += Record;
        try
        {
            var generator = new Generator(7);
            foreach (var dtype in new[] { ScalarType.Float32, ScalarType.Float64 })
            {
                using var neuron = GlifVariant.CwSoft.Build(3, 4, NeuronImplementation.Fused);
                var x = empty([3, 5, 4, 6], dtype).normal_(0.6, 0.8, generator);
                NeuronGradients.Run(neuron, x, empty_like(x).normal_(0, 1, generator));
            }
            using (var single = zeros(2, 3))
                Assert.Same(
                    CpuMembraneKernel<float>.Instance,
                    MembraneRecurrence.KernelFor(single, ScalarType.Float32)
                );
            using (var wide = zeros([2, 3], float64))
                Assert.Same(CpuMembraneKernel<double>.Instance, MembraneRecurrence.KernelFor(wide, ScalarType.Float64));
            lock (reports)
                Assert.Empty(reports);
            using (var half = zeros([2, 3], float16))
                Assert.Same(TensorMembraneKernel.Instance, MembraneRecurrence.KernelFor(half, ScalarType.Float16));
            lock (reports)
                Assert.Contains(reports, r => r.Contains("Float16"));
        }
        finally
        {
            MembraneRecurrence.CpuKernelFallback -= Record;
        }
    }
}
