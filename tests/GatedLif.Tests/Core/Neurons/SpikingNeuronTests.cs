using GatedLif.Neurons;
using GatedLif.Surrogates;
using GatedLif.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Tests.Core.Neurons;

/// <summary>The neuron base: the surrogate a neuron is given decides its gradients on every path, and every neuron,
/// run by every implementation with every surrogate, gives the unrolled oracle's spikes and gradients.</summary>
[Trait(KernelDependence.Trait, KernelDependence.Dependent)]
public sealed class SpikingNeuronTests
{
    private static (Tensor Spikes, Tensor InputGradient) Run(
        NeuronImplementation implementation,
        ISpikeSurrogate? surrogate,
        ScalarType dtype = ScalarType.Float32
    )
    {
        var settings = new GlifSettings(
            3,
            GlifSettings.DefaultGates,
            SoftMode: true,
            Implementation: implementation,
            Surrogate: surrogate
        );
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
        Assert.True(
            unrolledSpikes.equal(fusedSpikes).all().item<bool>()
                && unrolledSpikes.equal(tensorOpsSpikes).all().item<bool>()
        );
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

    /// <summary>The surrogates a neuron can be given (<see cref="ISpikeSurrogate"/>), at the settings the networks
    /// use.</summary>
    public enum SurrogateKind
    {
        Rectangular,
        Sigmoid,
    }

    /// <summary>What the code runs for a combination.</summary>
    private enum Path
    {
        Refused,
        StepLoop,
        Kernel,
    }

    private const int ContractSteps = 4,
        ContractChannels = 4;

    /// <summary>Every GLIF variant, SpikingJelly's parametric LIF and the plain LIF of the CIFAR10-DVS nets.</summary>
    private static readonly string[] ContractNeurons = [.. Enum.GetNames<GlifVariant>(), "PLIF", "LIF"];

    public static TheoryData<string, NeuronImplementation, SurrogateKind> Contract()
    {
        var data = new TheoryData<string, NeuronImplementation, SurrogateKind>();
        foreach (var neuron in ContractNeurons)
        foreach (var implementation in Enum.GetValues<NeuronImplementation>())
        foreach (var surrogate in Enum.GetValues<SurrogateKind>())
            data.Add(neuron, implementation, surrogate);
        return data;
    }

    private static ISpikeSurrogate SurrogateOf(SurrogateKind kind) =>
        kind == SurrogateKind.Rectangular ? RectangularSurrogate.Reference : SigmoidSurrogate.SpikingJelly;

    private static SpikingNeuron Build(string neuron, NeuronImplementation implementation, ISpikeSurrogate surrogate) =>
        neuron switch
        {
            "PLIF" => new ParametricLif(surrogate: surrogate, implementation: implementation),
            // The plain LIF has no implementation to choose: it always runs the step loop.
            "LIF" => new PlainLif(GlifConstants.Dvs.Tau, GlifConstants.Dvs.Vth, surrogate),
            _ => Enum.Parse<GlifVariant>(neuron).Build(ContractSteps, ContractChannels, implementation, surrogate),
        };

    /// <summary>
    /// The contract: the unrolled step loop is the oracle; the GLIF kernels compute the rectangular window only and
    /// refuse another surrogate when built; the PLIF kernel (the only one PLIF has, so the tensor-operations choice
    /// runs it too) computes the sigmoid surrogate only and leaves any other to the step loop, as the plain LIF
    /// leaves everything.
    /// </summary>
    private static Path Expected(string neuron, NeuronImplementation implementation, SurrogateKind surrogate) =>
        (neuron, implementation, surrogate) switch
        {
            (_, NeuronImplementation.Unrolled, _) or ("LIF", _, _) => Path.StepLoop,
            ("PLIF", _, SurrogateKind.Sigmoid) => Path.Kernel,
            ("PLIF", _, _) => Path.StepLoop,
            (_, _, SurrogateKind.Sigmoid) => Path.Refused,
            _ => Path.Kernel,
        };

    /// <summary>
    /// SpikingJelly's neuron-kernel-surrogate contract: every neuron x implementation x surrogate against the
    /// unrolled oracle with the same parameters (spread around their initial values, so they vary by channel).
    /// Spikes are identical; gradients of the input and of every parameter are identical where the same step loop
    /// runs, and within 1e-5 relative (plus 1e-6) where a kernel computes them, 1e-4 for PLIF's w, a sum of terms
    /// that cancel (see ParametricLifRecurrenceTests). A combination the kernels cannot compute is refused by name.
    /// </summary>
    [Theory]
    [MemberData(nameof(Contract))]
    public void Every_neuron_implementation_and_surrogate_gives_the_unrolled_spikes_and_gradients(
        string neuron,
        NeuronImplementation implementation,
        SurrogateKind surrogate
    )
    {
        var path = Expected(neuron, implementation, surrogate);
        if (path == Path.Refused)
        {
            var refused = Assert.Throws<ArgumentException>(() => Build(neuron, implementation, SurrogateOf(surrogate)));
            Assert.Contains("unrolled", refused.Message);
            return;
        }
        long[] shape = [ContractSteps, 3, ContractChannels, 5, 5];
        var generator = new Generator((ulong)(10 * Array.IndexOf(ContractNeurons, neuron) + (int)surrogate));
        using var unrolled = Build(neuron, NeuronImplementation.Unrolled, SurrogateOf(surrogate));
        var oracle = OracleRun.Of(unrolled, shape, 0.8, 0.8, generator);
        Assert.True(oracle.Grads["x"].abs().sum().item<float>() > 0, "the surrogate must pass a gradient");

        using var tested = Build(neuron, implementation, SurrogateOf(surrogate));
        var what = $"{neuron} {implementation} {surrogate}";
        var grads = oracle.SameSpikes(tested, what);
        foreach (var (name, expected) in oracle.Grads)
        {
            if (path == Path.StepLoop)
                Assert.True(
                    expected.eq(grads[name]).all().item<bool>(),
                    $"{what}: d/d{name} differs from the same step loop's"
                );
            else
                NeuronGradients.AssertClose(
                    expected,
                    grads[name],
                    $"{what}: d/d{name}",
                    relative: name == "w" ? 1e-4 : 1e-5
                );
        }
    }
}
