using GatedLif.Surrogates;
using GatedLif.Tests.TestSupport;
using static TorchSharp.torch;

namespace GatedLif.Tests.Core.Surrogates;

/// <summary>
/// SpikingJelly's sigmoid surrogate spike (<c>surrogate.Sigmoid</c>): H(z) with H(0) = 1 forward,
/// α σ(αz)(1 - σ(αz)) backward.
/// </summary>
[Trait(KernelDependence.Trait, KernelDependence.Dependent)]
public sealed class SigmoidSpikeTests
{
    [Fact]
    public void Sigmoid_surrogate_fires_at_zero_and_passes_alpha_sigmoid_slopes()
    {
        var z = tensor(new[] { -1.0f, 0.0f, 0.5f }).requires_grad_();
        var spikes = SigmoidSpike.Fire(z);
        Assert.Equal([0f, 1f, 1f], spikes.data<float>().ToArray());
        spikes.sum().backward();
        // α σ(αz)(1 - σ(αz)) with α = 4: at z = 0 the peak α/4 = 1; at z = ±1 and 0.5 from σ(-4) and σ(2).
        double Slope(double v) => 4 / (1 + Math.Exp(-4 * v)) * (1 - 1 / (1 + Math.Exp(-4 * v)));
        var grad = z.grad!.data<float>().ToArray();
        Assert.Equal(Slope(-1), grad[0], 1e-6);
        Assert.Equal(1.0, grad[1], 1e-6);
        Assert.Equal(Slope(0.5), grad[2], 1e-6);
    }
}
