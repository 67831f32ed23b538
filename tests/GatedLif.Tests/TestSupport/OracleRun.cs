using static TorchSharp.torch;

namespace GatedLif.Tests.TestSupport;

/// <summary>
/// The unrolled oracle's run that a neuron's other implementations are held against: its parameters spread around
/// their initial values (each plus Uniform(-1, 1), so that gates, thresholds and windows vary by channel), an input
/// x ~ N(mean, std), an upstream gradient ~ N(0, 1), and what <see cref="NeuronGradients.Run"/> gives for them.
/// </summary>
public sealed record OracleRun(
    nn.Module<Tensor, Tensor> Oracle,
    Tensor X,
    Tensor Upstream,
    Tensor Spikes,
    Dictionary<string, Tensor> Grads
)
{
    public static OracleRun Of(
        nn.Module<Tensor, Tensor> oracle,
        long[] shape,
        double mean,
        double std,
        Generator generator
    )
    {
        using (no_grad())
            foreach (var p in oracle.parameters())
                p.add_(empty(p.shape).uniform_(-1.0, 1.0, generator));
        var x = empty(shape).normal_(mean, std, generator);
        var upstream = empty(shape).normal_(0, 1, generator);
        var (spikes, grads) = NeuronGradients.Run(oracle, x, upstream);
        Assert.True(spikes.sum().item<float>() > 0, "the case must fire somewhere");
        return new OracleRun(oracle, x, upstream, spikes, grads);
    }

    /// <summary>Runs <paramref name="tested"/>, given the oracle's state, on the oracle's input: its spikes must be the
    /// oracle's and its gradients have the same names. Returns those gradients.</summary>
    public Dictionary<string, Tensor> SameSpikes(nn.Module<Tensor, Tensor> tested, string what)
    {
        tested.load_state_dict(Oracle.state_dict());
        var (spikes, grads) = NeuronGradients.Run(tested, X, Upstream);
        Assert.True(Spikes.eq(spikes).all().item<bool>(), $"{what}: spikes differ");
        Assert.Equal(Grads.Keys.Order(), grads.Keys.Order());
        return grads;
    }
}
