using System.Text.Json.Serialization;
using GatedLif.Neurons;

namespace GatedLif.Statistics;

/// <summary>
/// Spike statistics and energy of an evaluation pass: every counted layer per sample, in module order, and the
/// network's totals per sample. The JSON form (<see cref="SpikeStatisticsFile"/>) is this record.
/// </summary>
public sealed record SpikeStatisticsReport(
    [property: JsonPropertyName("format")] string Format,
    [property: JsonPropertyName("samples")] long Samples,
    [property: JsonPropertyName("time_steps")] int TimeSteps,
    [property: JsonPropertyName("energy")] EnergyModel Energy,
    [property: JsonPropertyName("layers")] IReadOnlyList<LayerStatistics> Layers,
    [property: JsonPropertyName("totals")] NetworkStatistics Totals
)
{
    public const string CurrentFormat = "gatedlif-spike-stats-1";

    /// <summary>TensorBoard's tag for a spiking layer's firing rate.</summary>
    public static string FiringRateTag(string layer) => $"spikes/{layer}/firing_rate";

    public static SpikeStatisticsReport From(NetworkCounts counts, EnergyModel energy)
    {
        int t = counts.TimeSteps;
        var neuronLayers = counts.Layers.OfType<NeuronCounts>().ToList();
        var synapseLayers = counts.Layers.OfType<SynapseCounts>().ToList();
        double samples = counts
            .Layers.Select(l =>
                l switch
                {
                    NeuronCounts n => n.Samples,
                    SynapseCounts s => s.Samples,
                    _ => 0,
                }
            )
            .DefaultIfEmpty(0)
            .Max();
        double PerSample(double total) => samples > 0 ? total / samples : 0;

        var layers = counts
            .Layers.Select(l =>
                l switch
                {
                    NeuronCounts n => new LayerStatistics(n.Layer, n.Kind, Neurons(n, t), null),
                    SynapseCounts s => new LayerStatistics(s.Layer, s.Kind, null, Synapses(s)),
                    _ => throw new ArgumentException($"{l.Layer}: unknown kind of counts {l.GetType().Name}"),
                }
            )
            .ToList();

        double neuronSamples = neuronLayers.Sum(n => n.NeuronSamples);
        double spikes = neuronLayers.Sum(n => n.SpikesPerStep.Sum());
        double sops = PerSample(synapseLayers.Sum(s => s.Sops));
        double macs = PerSample(synapseLayers.Sum(s => s.Macs));
        double annMacs = PerSample(synapseLayers.Sum(s => s.AnnMacs));
        double updates = PerSample(neuronSamples) * t;
        double NeuronEnergy(Func<NeuronCounts, UpdateOperations> operations) =>
            neuronLayers.Sum(n =>
                PerSample(n.NeuronSamples) * t * energy.Picojoules(operations(n).MultiplyAdds, operations(n).Additions)
            );
        var totals = new NetworkStatistics(
            (long)Math.Round(PerSample(neuronSamples)),
            neuronSamples > 0 ? spikes / (neuronSamples * t) : 0,
            sops,
            macs,
            annMacs,
            energy.Picojoules(macs, sops),
            energy.Picojoules(annMacs, 0),
            updates,
            NeuronEnergy(n => n.Operations),
            NeuronEnergy(_ => UpdateOperations.PlainLif)
        );
        return new SpikeStatisticsReport(CurrentFormat, (long)Math.Round(samples), t, energy, layers, totals);
    }

    /// <summary>Each spiking layer's firing rate under its TensorBoard tag
    /// <c>spikes/&lt;layer&gt;/firing_rate</c>.</summary>
    public IEnumerable<(string Tag, double Value)> FiringRateScalars() =>
        Layers.Where(l => l.Neurons is not null).Select(l => (FiringRateTag(l.Layer), l.Neurons!.FiringRate));

    private static NeuronStatistics Neurons(NeuronCounts n, int t)
    {
        double Share(double pairs) => n.NeuronSamples > 0 ? pairs / n.NeuronSamples : 0;
        return new NeuronStatistics(
            n.Samples > 0 ? (long)Math.Round(n.NeuronSamples / n.Samples) : 0,
            n.SpikesPerStep.Select(s => n.Samples > 0 ? s / n.Samples : 0).ToArray(),
            n.NeuronSamples > 0 ? n.SpikesPerStep.Sum() / (n.NeuronSamples * t) : 0,
            Share(n.NeverFired),
            Share(n.AlwaysFired),
            n.Operations
        );
    }

    private static SynapseStatistics Synapses(SynapseCounts s)
    {
        double PerSample(double total) => s.Samples > 0 ? total / s.Samples : 0;
        return new SynapseStatistics(
            PerSample(s.AnnMacs),
            PerSample(s.Sops),
            PerSample(s.Macs),
            PerSample(s.SpikeInputSamples)
        );
    }
}
