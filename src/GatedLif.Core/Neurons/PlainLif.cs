using GatedLif.Surrogates;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Neurons;

/// <summary>
/// The plain LIF neuron of the CIFAR10-DVS baseline (the reference's <c>LIFSpike_vanilla</c>): nothing learnable,
/// <code>u_t = τ u_{t-1} (1 - o_{t-1}.detach()) + x_t,   o_t = H(u_t - Vth)</code>
/// with the rectangular surrogate (unless given another), over as many steps as the input has.
/// </summary>
public sealed class PlainLif(double tau, double vth, ISpikeSurrogate? surrogate = null)
    : SpikingNeuron(nameof(PlainLif), surrogate ?? RectangularSurrogate.Reference)
{
    /// <summary>The reference's float32 constants (its <c>torch.tensor(tau)</c>, <c>torch.tensor(Vth)</c>).</summary>
    private readonly float _tau = (float)tau,
        _vth = (float)vth;

    public override string Kind => "LIF";

    public override UpdateOperations Operations => UpdateOperations.PlainLif;

    // u_{-1} = 0, so the first step is the input alone (0 * ... + x is x to the bit); the reset is in the charge.
    public override Tensor forward(Tensor x) =>
        Unroll(
            x,
            new StepRule(
                (_, u, o, input) => u is null || o is null ? input.clone() : _tau * u * (1 - o.detach()) + input,
                (_, u) => u - _vth
            )
        );
}
