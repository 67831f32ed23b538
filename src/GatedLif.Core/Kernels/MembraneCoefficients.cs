using static TorchSharp.torch;

namespace GatedLif.Kernels;

/// <summary>
/// The coefficients of a GLIF membrane update stacked over time for the fused recurrence: Gain, Decay, Leak, Reset
/// and Threshold as [T, C'] and the reset gate γ as [C'], where C' is the channel count (channel-wise, GLIF_f) or 1
/// (layer-wise). γ is null for GLIF_f, whose reset factor is (1 - o). Owns its tensors.
/// </summary>
internal sealed class MembraneCoefficients : IDisposable
{
    /// <summary>Wraps stacked tensors; disposing disposes them.</summary>
    public MembraneCoefficients(
        Tensor gain,
        Tensor decay,
        Tensor leak,
        Tensor reset,
        Tensor threshold,
        Tensor? resetGate
    )
    {
        Gain = gain;
        Decay = decay;
        Leak = leak;
        Reset = reset;
        Threshold = threshold;
        ResetGate = resetGate;
        Width = Gain.shape[1];
    }

    public Tensor Gain { get; }
    public Tensor Decay { get; }
    public Tensor Leak { get; }
    public Tensor Reset { get; }
    public Tensor Threshold { get; }
    public Tensor? ResetGate { get; }

    /// <summary>C': values per step, the channel count or 1.</summary>
    public long Width { get; }

    /// <summary>The tensors in the order the fused function takes them (γ last, possibly null).</summary>
    public Tensor?[] All => [Gain, Decay, Leak, Reset, Threshold, ResetGate];

    /// <summary>
    /// These coefficients in the widest floating type among them and <paramref name="input"/> (what PyTorch's type
    /// promotion gives the unrolled update); this instance itself when all already have it, else a new owner of
    /// converted copies, and this instance is disposed.
    /// </summary>
    public MembraneCoefficients ToWidest(Tensor input)
    {
        var widest = All.OfType<Tensor>().Append(input).MaxBy(t => t.ElementSize)!.dtype;
        if (All.All(t => t is null || t.dtype == widest))
            return this;
        var wide = new MembraneCoefficients(
            Gain.to_type(widest),
            Decay.to_type(widest),
            Leak.to_type(widest),
            Reset.to_type(widest),
            Threshold.to_type(widest),
            ResetGate?.to_type(widest)
        );
        Dispose();
        return wide;
    }

    public void Dispose()
    {
        foreach (var t in All)
            t?.Dispose();
    }
}
