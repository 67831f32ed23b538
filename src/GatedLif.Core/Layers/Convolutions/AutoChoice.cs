using static TorchSharp.torch;

namespace GatedLif.Layers.Convolutions;

/// <summary>
/// <see cref="ConvolutionImplementation.Auto"/> for one convolution: its first <see cref="ObservedCalls"/> calls
/// run dense and measure the input density; the next call times both kernels on its own input
/// (<see cref="SpikeCrossover"/>), forward at once and the weight gradient at the first call that needs one, and
/// keeps the faster. A call without gradients uses the spike forward where that is faster; a training call
/// takes the fastest of dense, dense forward with the spike weight gradient, and spike for both.
/// </summary>
public sealed class AutoChoice
{
    public const int ObservedCalls = 2;

    private readonly DensityMeter _observed = new();

    /// <summary>The mean input density of the observed calls.</summary>
    public double ObservedDensity => _observed.Density;

    public SpikeCrossover? Forward { get; private set; }
    public SpikeCrossover? WeightGradient { get; private set; }

    public ConvolutionPlan PlanFor(Tensor input, Tensor weight, ConvolutionGeometry g, bool training)
    {
        if (_observed.Calls < ObservedCalls)
        {
            _observed.Add(input);
            return ConvolutionPlan.Dense;
        }
        Forward ??= SpikeCrossover.Forward(input, weight, g);
        if (!training)
            return Forward.SpikeIsFaster ? ConvolutionPlan.Spike : ConvolutionPlan.Dense;
        WeightGradient ??= SpikeCrossover.WeightGradient(input, weight, g);
        var costs = new[]
        {
            (ConvolutionPlan.Dense, Forward.DenseSeconds + WeightGradient.DenseSeconds),
            (ConvolutionPlan.SpikeWeightGradient, Forward.DenseSeconds + WeightGradient.SpikeSeconds),
            (ConvolutionPlan.Spike, Forward.SpikeSeconds + WeightGradient.SpikeSeconds),
        };
        return costs.MinBy(c => c.Item2).Item1;
    }
}
