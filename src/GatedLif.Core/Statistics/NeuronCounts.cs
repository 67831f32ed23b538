using GatedLif.Neurons;

namespace GatedLif.Statistics;

/// <summary>
/// A spiking layer's counts: samples seen, neurons × samples, spikes at each time step (summed over samples and
/// neurons), and the (sample, neuron) pairs that fired at none of the T steps and at all of them.
/// </summary>
public sealed record NeuronCounts(
    string Layer,
    string Kind,
    UpdateOperations Operations,
    double Samples,
    double NeuronSamples,
    double[] SpikesPerStep,
    double NeverFired,
    double AlwaysFired
) : LayerCounts(Layer, Kind)
{
    public override double[] Values() => [Samples, NeuronSamples, NeverFired, AlwaysFired, .. SpikesPerStep];

    public override LayerCounts WithValues(ReadOnlySpan<double> v) =>
        this with
        {
            Samples = v[0],
            NeuronSamples = v[1],
            NeverFired = v[2],
            AlwaysFired = v[3],
            SpikesPerStep = v.Slice(4, SpikesPerStep.Length).ToArray(),
        };
}
