using System.Text.Json.Serialization;
using GatedLif.Neurons;

namespace GatedLif.Statistics;

/// <summary>
/// A spiking layer per sample: its neurons, the mean spikes at each time step, the firing rate
/// (spikes / (neurons × T × samples)), the shares of (sample, neuron) pairs that fired at none of the T steps and at
/// every one of them, and what one neuron computes per step.
/// </summary>
public sealed record NeuronStatistics(
    [property: JsonPropertyName("count")] long Count,
    [property: JsonPropertyName("spikes_per_step")] double[] SpikesPerStep,
    [property: JsonPropertyName("firing_rate")] double FiringRate,
    [property: JsonPropertyName("never_fired")] double NeverFired,
    [property: JsonPropertyName("always_fired")] double AlwaysFired,
    [property: JsonPropertyName("update")] UpdateOperations Update
);
