using System.Text.Json.Serialization;

namespace GatedLif.Statistics;

/// <summary>
/// The whole network per sample: neurons, firing rate (all spikes / (all neurons × T)), synaptic operations, the
/// MACs the SNN computes, the dense network's MACs at T = 1, the energies of the SNN (MACs × E_MAC + SOPs × E_AC)
/// and of the ANN (ANN MACs × E_MAC), and the neuron updates (neurons × T) with their energy for this network's
/// neurons and for plain LIF neurons in their place.
/// </summary>
public sealed record NetworkStatistics(
    [property: JsonPropertyName("neurons")] long Neurons,
    [property: JsonPropertyName("firing_rate")] double FiringRate,
    [property: JsonPropertyName("sops")] double Sops,
    [property: JsonPropertyName("macs")] double Macs,
    [property: JsonPropertyName("ann_macs")] double AnnMacs,
    [property: JsonPropertyName("snn_energy_pj")] double SnnEnergyPicojoules,
    [property: JsonPropertyName("ann_energy_pj")] double AnnEnergyPicojoules,
    [property: JsonPropertyName("neuron_updates")] double NeuronUpdates,
    [property: JsonPropertyName("neuron_energy_pj")] double NeuronEnergyPicojoules,
    [property: JsonPropertyName("plain_lif_neuron_energy_pj")] double PlainLifNeuronEnergyPicojoules
);
