using GatedLif.Neurons;
using TorchSharp;
using static TorchSharp.torch;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Core.Neurons;

/// <summary>
/// The fused neuron (C# kernel and the TorchSharp-operations kernel of the CUDA path) against the unrolled
/// oracle, for every variant, several T, with and without spatial dims: spikes identical, gradients of the input
/// and of every parameter within 1e-5 relative.
/// </summary>
[Trait(KernelDependence.Trait, KernelDependence.Dependent)]
public sealed class FusedNeuronTests
{
    public enum Variant { CwSoft, CwHard, CwSoftStatic, CwHardStatic, LayerWise, LwStaticGate, LwStaticParam, LwTimeWise, GlifF, CwDvsFloat64Gates }

    public static TheoryData<Variant, int, bool> Cases()
    {
        var data = new TheoryData<Variant, int, bool>();
        foreach (var v in Enum.GetValues<Variant>())
            foreach (var t in new[] { 1, 2, 5 })
                foreach (var spatial in new[] { false, true })
                    data.Add(v, t, spatial);
        return data;
    }

    internal static GlifNeuron Build(Variant v, int steps, int channels, NeuronImplementation impl)
    {
        var s = new GlifSettings(steps, GlifSettings.DefaultGates, Implementation: impl);
        return v switch
        {
            Variant.CwSoft => new ChannelWiseGlif(channels, s with { SoftMode = true }),
            Variant.CwHard => new ChannelWiseGlif(channels, s),
            Variant.CwSoftStatic => new ChannelWiseGlif(channels, s with { SoftMode = true, StaticGate = true }),
            Variant.CwHardStatic => new ChannelWiseGlif(channels, s with { StaticGate = true }),
            Variant.LayerWise => new LayerWiseGlif(s),
            Variant.LwStaticGate => new LayerWiseGlif(s with { StaticGate = true }),
            Variant.LwStaticParam => new LayerWiseGlif(s with { StaticParam = true }),
            Variant.LwTimeWise => new LayerWiseGlif(s with { TimeWise = true }),
            Variant.CwDvsFloat64Gates => new ChannelWiseGlif(channels,
                s with { SoftMode = true, Constants = GlifConstants.Dvs, Float64Gates = true }),
            _ => new FusedGlif(channels, s),
        };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fused_neuron_gives_the_unrolled_spikes_and_gradients(Variant variant, int steps, bool spatial)
    {
        const int channels = 6;
        long[] shape = spatial ? [steps, 3, channels, 5, 7] : [steps, 4, channels];
        var generator = new Generator((ulong)(1000 * (int)variant + 10 * steps + (spatial ? 1 : 0)));
        var oracle = Build(variant, steps, channels, NeuronImplementation.Unrolled);
        // Spread the parameters around their initial values so gates, thresholds and windows vary by channel.
        using (no_grad())
            foreach (var p in oracle.parameters())
                p.add_(empty(p.shape).uniform_(-1.0, 1.0, generator));
        var x = empty(shape).normal_(0.5, 0.6, generator);
        var upstream = empty(shape).normal_(0, 1, generator);
        var (expectedSpikes, expectedGrads) = Run(oracle, x, upstream);
        Assert.True(expectedSpikes.sum().item<float>() > 0, "the case must fire somewhere");

        foreach (var impl in new[] { NeuronImplementation.Fused, NeuronImplementation.FusedTensorOps })
        {
            var fused = Build(variant, steps, channels, impl);
            fused.load_state_dict(oracle.state_dict());
            var (spikes, grads) = Run(fused, x, upstream);
            Assert.True(expectedSpikes.eq(spikes).all().item<bool>(), $"{impl}: spikes differ");
            Assert.Equal(expectedGrads.Keys.Order(), grads.Keys.Order());
            foreach (var (name, expected) in expectedGrads)
                AssertClose(expected, grads[name], $"{impl} {variant} T={steps}: d/d{name}");
        }
    }

    internal static (Tensor Spikes, Dictionary<string, Tensor> Grads) Run(GlifNeuron neuron, Tensor x, Tensor upstream)
    {
        var input = x.detach().clone().requires_grad_();
        var spikes = neuron.call(input);
        (spikes * upstream).sum().backward();
        var grads = new Dictionary<string, Tensor> { ["x"] = input.grad!.clone() };
        foreach (var (name, p) in neuron.named_parameters())
            // A parameter only the skipped zero terms of step 0 touch may have no gradient; that equals zeros.
            grads[name] = p.grad is null ? zeros_like(p) : p.grad.clone();
        return (spikes.detach(), grads);
    }

    internal static void AssertClose(Tensor expected, Tensor actual, string what, double relative = 1e-5, double absolute = 1e-6)
    {
        Assert.Equal(expected.shape, actual.shape);
        Assert.Equal(expected.dtype, actual.dtype);
        var e = expected.cpu().to_type(float64).data<double>().ToArray();
        var a = actual.cpu().to_type(float64).data<double>().ToArray();
        for (int i = 0; i < e.Length; i++)
            Assert.True(Math.Abs(e[i] - a[i]) <= relative * Math.Abs(e[i]) + absolute,
                $"{what}[{i}]: unrolled {e[i]}, fused {a[i]}");
    }
}
