using static TorchSharp.torch;

namespace GatedLif.Layers.Convolutions.AutoTuning;

/// <summary>
/// <see cref="ConvolutionImplementation.Auto"/> for one convolution: its first <see cref="ObservedCalls"/> calls
/// run dense and measure the input density; the next call times both kernels on its own input
/// (<see cref="SpikeCrossover"/>: forward at once, the weight gradient at the first call that needs one), and each
/// direction then uses the spike kernel where the observed density is below that direction's crossover. A call
/// without gradients uses the spike forward where it is the faster; a training call takes the fastest of dense,
/// dense forward with the spike weight gradient, and spike for both. The choice is kept from then on.
/// </summary>
public sealed class AutoChoice
{
    public const int ObservedCalls = 2;

    private readonly DensityMeter _observed = new();

    /// <summary>The mean input density of the observed calls.</summary>
    public double ObservedDensity => _observed.Density;

    public SpikeCrossover? Forward { get; private set; }
    public SpikeCrossover? WeightGradient { get; private set; }

    /// <summary>The plan chosen for training calls, once both directions are timed.</summary>
    public ConvolutionPlan? TrainingPlan { get; private set; }

    public ConvolutionPlan PlanFor(Tensor input, Tensor weight, ConvolutionGeometry g, bool training)
    {
        if (_observed.Calls < ObservedCalls)
        {
            _observed.Add(input);
            return ConvolutionPlan.Dense;
        }
        double density = ObservedDensity;
        Forward ??= SpikeCrossover.Forward(input, weight, g);
        if (!training)
            return Forward.SpikeSecondsAt(density) < Forward.DenseSeconds ? ConvolutionPlan.Spike : ConvolutionPlan.Dense;
        if (TrainingPlan is { } plan)
            return plan;
        WeightGradient = SpikeCrossover.WeightGradient(input, weight, g);
        var costs = new[]
        {
            (ConvolutionPlan.Dense, Forward.DenseSeconds + WeightGradient.DenseSeconds),
            (ConvolutionPlan.SpikeWeightGradient, Forward.DenseSeconds + WeightGradient.SpikeSecondsAt(density)),
            (ConvolutionPlan.Spike, Forward.SpikeSecondsAt(density) + WeightGradient.SpikeSecondsAt(density)),
        };
        TrainingPlan = costs.MinBy(c => c.Item2).Item1;
        return TrainingPlan.Value;
    }
}
