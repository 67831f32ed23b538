using System.Text.Json.Serialization;

namespace GatedLif.Cli.Summaries;

/// <summary>
/// One run's GLIF parameters, epoch by epoch: what the reference keeps in <c>./dicts_for_params/{modeltag}.npy</c>
/// (every GLIF parameter of every layer, raw, before σ; epoch 0 is the initial model), stored as JSON in
/// <c>./summaries/{modeltag}/glif-params.json</c> with the epoch's learning rates beside them.
/// </summary>
public sealed record GlifParameterRecords(
    [property: JsonPropertyName("format")] string Format,
    [property: JsonPropertyName("modeltag")] string ModelTag,
    [property: JsonPropertyName("epochs")] IReadOnlyList<EpochRecord> Epochs
)
{
    public const string CurrentFormat = "gatedlif-glif-params-1";

    public GlifParameterRecords WithEpoch(EpochRecord epoch) =>
        this with
        {
            Epochs = [.. Epochs.Where(e => e.Epoch < epoch.Epoch), epoch],
        };
}

/// <summary>The parameters after one epoch's test pass (epoch 0: as built), and the learning rate of each SGD
/// group during that epoch (none for epoch 0).</summary>
public sealed record EpochRecord(
    [property: JsonPropertyName("epoch")] int Epoch,
    [property: JsonPropertyName("learning_rates")] IReadOnlyDictionary<string, double> LearningRates,
    [property: JsonPropertyName("layers")] IReadOnlyList<LayerRecord> Layers
);

/// <summary>
/// One GLIF neuron: its module name in the state dict, the layer index the reference's <c>record_param</c> files it
/// under (null where the reference skips it: names of fewer than four parts, such as the stem's <c>conv1.1</c>), and
/// each parameter it owns, keyed by its last name (<c>alpha</c>, ..., <c>conduct</c>).
/// </summary>
public sealed record LayerRecord(
    [property: JsonPropertyName("layer")] string Layer,
    [property: JsonPropertyName("reference_layer")] int? ReferenceLayer,
    [property: JsonPropertyName("parameters")] IReadOnlyDictionary<string, RecordedTensor> Parameters
);

/// <summary>A parameter's shape and raw values in row-major order (float32, as trained).</summary>
public sealed record RecordedTensor(
    [property: JsonPropertyName("shape")] long[] Shape,
    [property: JsonPropertyName("raw")] float[] Raw
)
{
    /// <summary>The values the neuron computes with: σ(raw).</summary>
    public double[] AfterSigmoid() => Raw.Select(v => 1 / (1 + Math.Exp(-(double)v))).ToArray();
}
