using GatedLif.Neurons;
using GatedLif.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Tests.Cuda;

/// <summary>
/// The fused neuron on CUDA (the TorchSharp-operations kernel) against the unrolled oracle on the same device:
/// spikes identical, the input's gradient within 1e-5 relative as on the CPU, the parameters' (sums over batch and
/// space, in another order) within 1e-4; float32
/// neurons and the CIFAR10-DVS neuron with float64 gates.
/// </summary>
[Trait("Category", CudaFactAttribute.Category)]
public sealed class CudaFusedNeuronTests
{
    public static TheoryData<GlifVariant, int> Cases() =>
        new()
        {
            { GlifVariant.CwSoft, 2 },
            { GlifVariant.CwSoft, 6 },
            { GlifVariant.CwHard, 4 },
            { GlifVariant.LayerWise, 4 },
            { GlifVariant.GlifF, 4 },
            { GlifVariant.CwDvsFloat64Gates, 4 },
            { GlifVariant.CwDvsFloat64Gates, 16 },
        };

    [CudaTheory]
    [MemberData(nameof(Cases))]
    public void Fused_neuron_on_cuda_gives_the_unrolled_spikes_and_gradients(GlifVariant variant, int steps)
    {
        const int channels = 32;
        var generator = new Generator((ulong)(100 * (int)variant + steps));
        using var oracle = variant.Build(steps, channels, NeuronImplementation.Unrolled);
        using (no_grad())
            foreach (var p in oracle.parameters())
                p.add_(empty(p.shape).uniform_(-1.0, 1.0, generator));
        using var fused = variant.Build(steps, channels, NeuronImplementation.Fused);
        fused.load_state_dict(oracle.state_dict());
        oracle.to(CUDA);
        fused.to(CUDA);
        long[] shape = [steps, 8, channels, 16, 16];
        var x = empty(shape).normal_(0.5, 0.6, generator).to(CUDA);
        var upstream = empty(shape).normal_(0, 1, generator).to(CUDA);

        var (expectedSpikes, expectedGrads) = NeuronGradients.Run(oracle, x, upstream);
        var (spikes, grads) = NeuronGradients.Run(fused, x, upstream);

        Assert.Equal(DeviceType.CUDA, spikes.device_type);
        Assert.True(expectedSpikes.sum().item<float>() > 0, "the case must fire somewhere");
        Assert.True(
            expectedSpikes.eq(spikes).all().item<bool>(),
            $"spikes differ at {expectedSpikes.ne(spikes).sum().item<long>()} of {spikes.numel()} places"
        );
        Assert.Equal(expectedGrads.Keys.Order(), grads.Keys.Order());
        NeuronGradients.AssertClose(expectedGrads["x"], grads["x"], $"CUDA {variant} T={steps}: d/dx");
        // A parameter's gradient sums thousands of float32 terms, in another order in each implementation.
        foreach (var (name, expected) in expectedGrads.Where(g => g.Key != "x"))
            NeuronGradients.AssertClose(
                expected,
                grads[name],
                $"CUDA {variant} T={steps}: d/d{name}",
                relative: 1e-4,
                absolute: 1e-5 * expected.abs().max().to_type(float64).item<double>()
            );
    }
}
