using GatedLif.Surrogates;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Neurons;

/// <summary>
/// The plain LIF neuron of the CIFAR10-DVS baseline (the reference's <c>LIFSpike_vanilla</c>): nothing learnable,
/// <code>u_t = τ u_{t-1} (1 - o_{t-1}.detach()) + x_t,   o_t = H(u_t - Vth)</code>
/// with the rectangular surrogate, over as many steps as the input has.
/// </summary>
public sealed class PlainLif(double tau, double vth) : nn.Module<Tensor, Tensor>(nameof(PlainLif)), ISpikingNeuron
{
    /// <summary>The reference's float32 constants (its <c>torch.tensor(tau)</c>, <c>torch.tensor(Vth)</c>).</summary>
    private readonly float _tau = (float)tau, _vth = (float)vth;

    public string Kind => "LIF";

    /// <summary>What one neuron computes per time step at inference (for spike statistics).</summary>
    public UpdateOperations Operations => UpdateOperations.PlainLif;

    public override Tensor forward(Tensor x)
    {
        // One unbind, not x[t] per step: each select's backward fills a zero tensor of the whole input (quadratic in T).
        var inputs = x.unbind(0);
        long steps = inputs.Length;
        var spikes = new Tensor[steps];
        Tensor? u = null;
        for (int t = 0; t < steps; t++)
        {
            using var step = NewDisposeScope();
            // u_{-1} = 0, so the first step is the input alone (0 * ... + x is x to the bit).
            var uNext = u is null ? inputs[t].clone() : _tau * u * (1 - spikes[t - 1].detach()) + inputs[t];
            spikes[t] = RectangularSpike.Fire(uNext - _vth);
            step.MoveToOuter(uNext, spikes[t]);
            u?.Dispose();
            u = uNext;
        }
        u?.Dispose();
        var output = stack(spikes);
        foreach (var s in spikes) s.Dispose();
        foreach (var input in inputs) input.Dispose();
        return output;
    }
}
