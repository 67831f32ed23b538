using GatedLif.Surrogates;
using static TorchSharp.torch;

namespace GatedLif.Neurons;

/// <summary>How a raw gate parameter becomes the gate value used in the update.</summary>
internal static class GateTransform
{
    /// <summary>
    /// Channel-wise gates: soft σ(p); hard step(σ(p) &gt; 0.5) with a straight-through gradient; static
    /// variants of both read a detached copy (soft: σ, hard: p &gt; 0) and pass no gradient.
    /// </summary>
    public static Tensor ChannelWise(Tensor raw, bool softMode, bool staticGate)
    {
        if (staticGate)
        {
            using var frozen = raw.detach();
            return softMode ? frozen.sigmoid() : frozen.gt(0.0).to_type(raw.dtype);
        }
        if (softMode)
            return raw.sigmoid();
        using var p = raw.sigmoid();
        return StraightThroughStep.Binarize(p);
    }

    /// <summary>Layer-wise gates ignore the soft/hard mode: σ(p), or detached (p &gt; 0) when static.</summary>
    public static Tensor LayerWise(Tensor raw, bool staticGate)
    {
        if (!staticGate)
            return raw.sigmoid();
        using var frozen = raw.detach();
        return frozen.gt(0.0).to_type(raw.dtype);
    }
}
