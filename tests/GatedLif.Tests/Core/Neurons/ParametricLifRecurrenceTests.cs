using GatedLif.Neurons;
using GatedLif.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Tests.Core.Neurons;

/// <summary>
/// The fused parametric LIF neuron (CpuParametricLifKernel) against SpikingJelly's step loop (the unrolled graph):
/// spikes identical, gradients of the input within 1e-5 relative and of w within 1e-4, for several T, time constants
/// and shapes (a neuron count that is no multiple of the vector width, and one over a chunk); without gradients the
/// same spikes; and the gradient of w the same from run to run.
/// </summary>
[Trait(KernelDependence.Trait, KernelDependence.Dependent)]
public sealed class ParametricLifRecurrenceTests
{
    public static TheoryData<int, double, int> Cases()
    {
        var data = new TheoryData<int, double, int>();
        foreach (var steps in new[] { 1, 2, 5 })
        foreach (var tau in new[] { 2.0, 1.3 })
        foreach (var shape in new[] { 0, 1, 2 })
            data.Add(steps, tau, shape);
        return data;
    }

    private static long[] Shape(int steps, int shape) =>
        shape switch
        {
            0 => [steps, 4, 6],
            1 => [steps, 3, 4, 5, 7],
            _ => [steps, 2, 8, 30, 30],
        };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fused_plif_gives_the_unrolled_spikes_and_gradients(int steps, double tau, int shape)
    {
        var generator = new Generator((ulong)(100 * steps + 10 * shape + (tau > 1.5 ? 1 : 0)));
        var x = empty(Shape(steps, shape)).normal_(0.9, 1.0, generator);
        var upstream = empty(x.shape).normal_(0, 1, generator);
        var (expectedSpikes, expectedDx, expectedDw) = Run(NeuronImplementation.Unrolled, tau, x, upstream);
        Assert.True(expectedSpikes.sum().item<float>() > 0, "the case must fire somewhere");
        var (spikes, dx, dw) = Run(NeuronImplementation.Fused, tau, x, upstream);

        Assert.True(expectedSpikes.equal(spikes).all().item<bool>(), "spikes differ");
        NeuronGradients.AssertClose(expectedDx, dx, "d/dx");
        // dL/dw sums one term per neuron and step, and the terms cancel (a sum of -0.40 from 14,400 terms here), so a
        // last-bit difference in each term's σ (C#'s exp against libtorch's sigmoid) shows at 1.5e-5 of the sum.
        NeuronGradients.AssertClose(expectedDw, dw, "d/dw", relative: 1e-4);
        using (no_grad())
        {
            using var neuron = new ParametricLif(tau, implementation: NeuronImplementation.Fused);
            Assert.True(expectedSpikes.equal(neuron.call(x)).all().item<bool>(), "spikes without gradients differ");
        }
        var (_, _, again) = Run(NeuronImplementation.Fused, tau, x, upstream);
        Assert.True(dw.equal(again).all().item<bool>(), "d/dw differs from run to run");
    }

    private static (Tensor Spikes, Tensor Dx, Tensor Dw) Run(
        NeuronImplementation implementation,
        double tau,
        Tensor x,
        Tensor upstream
    )
    {
        using var neuron = new ParametricLif(tau, implementation: implementation);
        var input = x.detach().clone().requires_grad_();
        var spikes = neuron.call(input);
        (spikes * upstream).sum().backward();
        var w = neuron.parameters().Single();
        return (spikes.detach(), input.grad!.clone(), w.grad!.clone());
    }
}
