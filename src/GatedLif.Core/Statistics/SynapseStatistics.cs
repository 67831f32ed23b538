using System.Text.Json.Serialization;

namespace GatedLif.Statistics;

/// <summary>
/// A convolution or linear layer per sample: the dense network's multiply-accumulates (one evaluation, T = 1), the
/// synaptic operations of spike input (spikes × the outputs each drives), the MACs computed for input that is not
/// spikes (at every time step), and the share of samples whose input was spikes.
/// </summary>
public sealed record SynapseStatistics(
    [property: JsonPropertyName("ann_macs")] double AnnMacs,
    [property: JsonPropertyName("sops")] double Sops,
    [property: JsonPropertyName("macs")] double Macs,
    [property: JsonPropertyName("spike_input")] double SpikeInput
);
