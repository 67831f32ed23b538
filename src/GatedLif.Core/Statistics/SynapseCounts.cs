namespace GatedLif.Statistics;

/// <summary>
/// A convolution's or linear layer's counts over the samples it saw: the dense network's multiply-accumulates (one
/// evaluation per sample, as an ANN), the synaptic operations of the samples whose input was spikes (every value 0
/// or 1), the MACs it computed for the other samples (at every step), and how many samples had spike input.
/// </summary>
public sealed record SynapseCounts(
    string Layer,
    string Kind,
    double Samples,
    double AnnMacs,
    double Sops,
    double Macs,
    double SpikeInputSamples
) : LayerCounts(Layer, Kind)
{
    public override double[] Values() => [Samples, AnnMacs, Sops, Macs, SpikeInputSamples];

    public override LayerCounts WithValues(ReadOnlySpan<double> v) =>
        this with
        {
            Samples = v[0],
            AnnMacs = v[1],
            Sops = v[2],
            Macs = v[3],
            SpikeInputSamples = v[4],
        };
}
