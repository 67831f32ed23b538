using GatedLif.Neurons;
using GatedLif.Surrogates;
using GatedLif.Tests.TestSupport;
using static TorchSharp.torch;

namespace GatedLif.Tests.Core.Neurons;

/// <summary>The CIFAR10-DVS plain LIF against its equation (u = τ u (1 - o.detach()) + x, τ = 0.5, Vth = 0.99999)
/// transcribed step by step: same spikes, same input gradient.</summary>
[Trait(KernelDependence.Trait, KernelDependence.Dependent)]
public sealed class PlainLifTests
{
    [Fact]
    public void Spikes_and_input_gradient_follow_the_equation()
    {
        manual_seed(7);
        using var x = (rand([5, 2, 3, 4]) * 1.6f).requires_grad_();
        using var upstream = randn([5, 2, 3, 4]);
        using var neuron = new PlainLif(0.5, 0.99999);
        var spikes = neuron.call(x);
        (spikes * upstream).sum().backward();
        var grad = x.grad!.clone();

        using var oracleX = x.detach().clone().requires_grad_();
        Tensor u = zeros([2, 3, 4]),
            o = zeros([2, 3, 4]);
        var expected = new List<Tensor>();
        for (int t = 0; t < 5; t++)
        {
            // u_t = τ u_{t-1} (1 - o_{t-1}.detach()) + x_t, o_t = H(u_t - Vth) with the rectangular surrogate.
            u = 0.5f * u * (1 - o.detach()) + oracleX[t];
            o = RectangularSurrogate.Reference.Fire(u - 0.99999f);
            expected.Add(o);
        }
        var expectedSpikes = stack(expected);
        (expectedSpikes * upstream).sum().backward();

        Assert.Equal(expectedSpikes.data<float>().ToArray(), spikes.data<float>().ToArray());
        Assert.True(spikes.sum().item<float>() > 5, "the case must fire");
        Assert.True(allclose(oracleX.grad!, grad, 1e-6, 1e-6));
        Assert.True(grad.abs().sum().item<float>() > 0);
    }
}
