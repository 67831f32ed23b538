namespace GatedLif.Layers.Convolutions.AutoTuning;

/// <summary>
/// What auto decided for one convolution: the input density it planned from and, per direction, whether the spike
/// kernel runs. Saved in checkpoints, so that a resumed run plans as the run it continues.
/// </summary>
internal sealed record AutoDecision(double Density, bool SpikeForward, bool SpikeWeightGradient)
{
    /// <summary>A training call's plan. A spike forward comes only with the spike weight gradient
    /// (<see cref="ConvolutionPlan"/>), so a decision for the spike forward alone trains dense.</summary>
    public ConvolutionPlan Training =>
        (SpikeForward, SpikeWeightGradient) switch
        {
            (true, true) => ConvolutionPlan.Spike,
            (false, true) => ConvolutionPlan.SpikeWeightGradient,
            _ => ConvolutionPlan.Dense,
        };

    /// <summary>A call without gradients: forward only.</summary>
    public ConvolutionPlan Evaluation => SpikeForward ? ConvolutionPlan.Spike : ConvolutionPlan.Dense;
}
