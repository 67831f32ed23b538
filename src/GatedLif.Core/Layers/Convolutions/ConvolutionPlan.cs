namespace GatedLif.Layers.Convolutions;

/// <summary>
/// Which kernel one convolution call uses per direction. The input gradient is always dense (an output
/// gradient has no zeros to skip). A spike forward with a dense weight gradient is not offered: libtorch computes
/// a dense weight gradient only inside its own autograd node, which needs its own forward.
/// </summary>
public enum ConvolutionPlan
{
    /// <summary>libtorch's (or the unfold) convolution and its autograd.</summary>
    Dense,

    /// <summary>Dense forward; the weight gradient from the input's non-zeros.</summary>
    SpikeWeightGradient,

    /// <summary>Forward and weight gradient from the input's non-zeros.</summary>
    Spike,
}
