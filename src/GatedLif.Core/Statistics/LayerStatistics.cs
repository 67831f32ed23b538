using System.Text.Json.Serialization;

namespace GatedLif.Statistics;

/// <summary>One row of the report: a spiking layer (<see cref="Neurons"/>) or a convolution or linear layer
/// (<see cref="Synapses"/>), named by its state_dict prefix.</summary>
public sealed record LayerStatistics(
    [property: JsonPropertyName("layer")] string Layer,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("neurons"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        NeuronStatistics? Neurons = null,
    [property: JsonPropertyName("synapses"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        SynapseStatistics? Synapses = null
);
