using static TorchSharp.torch;

namespace GatedLif.Surrogates;

/// <summary>
/// H(z) = 1 where z &gt; 0 (strictly), with dH/dz = 1 where |z| &lt; <see cref="HalfWidth"/>, else 0: the GLIF
/// neurons' and the plain LIF's surrogate (the reference's <c>SpikeAct_extended</c> as intended, half-width 0.5).
/// </summary>
public sealed record RectangularSurrogate(double HalfWidth) : ISpikeSurrogate
{
    /// <summary>The reference's window, |u - Vth| &lt; 0.5.</summary>
    public static RectangularSurrogate Reference { get; } = new(0.5);

    public Tensor Fire(Tensor z) => RectangularSpike.Fire(z, HalfWidth);
}
