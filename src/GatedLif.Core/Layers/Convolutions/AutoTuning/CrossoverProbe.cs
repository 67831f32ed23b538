using GatedLif.Kernels;
using static TorchSharp.torch;

namespace GatedLif.Layers.Convolutions.AutoTuning;

/// <summary>
/// While set on a route (<see cref="ConvolutionRoutes.Probe"/>; <c>bench</c> does), times both kernels once on the
/// layer's next float32 CPU input, forward and for the weight gradient: what <see cref="CrossoverRule"/>'s fixed
/// crossovers are checked against on a machine.
/// </summary>
internal sealed class CrossoverProbe
{
    public SpikeCrossover? Forward { get; private set; }
    public SpikeCrossover? WeightGradient { get; private set; }

    public void Measure(Tensor input, Tensor weight, ConvolutionGeometry g)
    {
        if (Forward is not null)
            return;
        Forward = SpikeCrossover.Forward(input, weight, g);
        WeightGradient = SpikeCrossover.WeightGradient(input, weight, g);
    }

    /// <summary>The measured cost of a training call under <paramref name="plan"/>: forward plus weight
    /// gradient.</summary>
    public double TrainingSeconds(ConvolutionPlan plan, double density) =>
        plan switch
        {
            ConvolutionPlan.Spike => Forward!.SpikeSecondsAt(density) + WeightGradient!.SpikeSecondsAt(density),
            ConvolutionPlan.SpikeWeightGradient => Forward!.DenseSeconds + WeightGradient!.SpikeSecondsAt(density),
            _ => Forward!.DenseSeconds + WeightGradient!.DenseSeconds,
        };
}
