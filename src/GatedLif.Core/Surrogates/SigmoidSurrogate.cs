using static TorchSharp.torch;

namespace GatedLif.Surrogates;

/// <summary>
/// H(z) = 1 where z ≥ 0 (inclusive), with dH/dz = α σ(αz) (1 - σ(αz)): SpikingJelly 0.0.0.0.10's
/// <c>surrogate.Sigmoid</c>, which its parametric LIF neuron uses unless given another.
/// </summary>
public sealed record SigmoidSurrogate(double Alpha) : ISpikeSurrogate
{
    /// <summary>SpikingJelly's default, α = 4.</summary>
    public static SigmoidSurrogate SpikingJelly { get; } = new(SigmoidSpike.DefaultAlpha);

    public Tensor Fire(Tensor z) => SigmoidSpike.Fire(z, Alpha);
}
