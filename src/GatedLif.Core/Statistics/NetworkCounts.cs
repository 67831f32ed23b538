using GatedLif.Distributed;
using static TorchSharp.torch;

namespace GatedLif.Statistics;

/// <summary>
/// Every counted layer of a model, in module order, after one or more passes: sums over samples, so they do not
/// depend on how the samples were batched or split over ranks.
/// </summary>
public sealed record NetworkCounts(int TimeSteps, IReadOnlyList<LayerCounts> Layers)
{
    /// <summary>
    /// The counts of all ranks together, each of which counted its own shard; every rank gets the same counts. All
    /// ranks must count the same model (the same layers in the same order).
    /// </summary>
    public NetworkCounts Combined(ICollectives world)
    {
        if (world.WorldSize == 1)
            return this;
        var values = Layers.Select(l => l.Values()).ToList();
        using var sums = tensor(values.SelectMany(v => v).ToArray(), float64);
        world.AllReduce(sums);
        var all = sums.data<double>().ToArray();
        var combined = new List<LayerCounts>(Layers.Count);
        int offset = 0;
        for (int i = 0; i < Layers.Count; i++)
        {
            combined.Add(Layers[i].WithValues(all.AsSpan(offset, values[i].Length)));
            offset += values[i].Length;
        }
        return this with { Layers = combined };
    }
}
