using System.Collections;
using System.Globalization;
using GatedLif.Checkpoints;
using GatedLif.Layers.Convolutions;
using GatedLif.Layers.Convolutions.AutoTuning;
using static TorchSharp.torch;

namespace GatedLif.Training.Checkpointing;

/// <summary>
/// Ours, in both checkpoint layouts (the reference ignores it): <c>conv_plans</c>, what <c>--conv-impl auto</c>
/// decided per spike-input convolution, <c>{layer: {'density': float, 'forward': 'spike'|'dense',
/// 'weight_gradient': 'spike'|'dense'}}</c>. Resuming and evaluating a checkpoint restore it, so the resumed run
/// and the evaluation compute as the run that wrote it.
/// </summary>
public static class ConvolutionPlanEntry
{
    public const string Key = "conv_plans";
    private const string Spike = "spike",
        Dense = "dense";

    /// <summary>The entry for <paramref name="model"/>'s decisions, or null when auto has decided nothing.</summary>
    public static Dictionary<string, object?>? Of(nn.Module model)
    {
        var decisions = ConvolutionRoutes.Decisions(model);
        if (decisions.Count == 0)
            return null;
        return decisions.ToDictionary(
            d => d.Key,
            d =>
                (object?)
                    new Dictionary<string, object?>
                    {
                        ["density"] = d.Value.Density,
                        ["forward"] = d.Value.SpikeForward ? Spike : Dense,
                        ["weight_gradient"] = d.Value.SpikeWeightGradient ? Spike : Dense,
                    }
        );
    }

    /// <summary>Gives <paramref name="model"/>'s auto choices the checkpoint's decisions, if it has any.</summary>
    /// <exception cref="CheckpointException">The entry is there but malformed.</exception>
    public static void Restore(nn.Module model, Checkpoint checkpoint)
    {
        if (!checkpoint.Extra.TryGetValue(Key, out var value) || value is null)
            return;
        if (value is not IDictionary layers)
            throw Malformed(checkpoint, $"'{Key}' is a {value.GetType().Name}, not a dict");
        var decisions = new Dictionary<string, AutoDecision>();
        foreach (DictionaryEntry layer in layers)
        {
            var name =
                layer.Key as string ?? throw Malformed(checkpoint, $"'{Key}' has a key that is not a layer name");
            if (layer.Value is not IDictionary entry)
                throw Malformed(checkpoint, $"'{Key}.{name}' is not a dict");
            decisions[name] = new AutoDecision(
                Density(checkpoint, name, entry),
                Direction(checkpoint, name, entry, "forward"),
                Direction(checkpoint, name, entry, "weight_gradient")
            );
        }
        ConvolutionRoutes.Restore(model, decisions);
    }

    private static double Density(Checkpoint checkpoint, string layer, IDictionary entry) =>
        entry["density"] is IConvertible c and (double or float or long or int)
            ? c.ToDouble(CultureInfo.InvariantCulture)
            : throw Malformed(checkpoint, $"'{Key}.{layer}.density' is missing or not a number");

    private static bool Direction(Checkpoint checkpoint, string layer, IDictionary entry, string direction) =>
        entry[direction] switch
        {
            Spike => true,
            Dense => false,
            _ => throw Malformed(checkpoint, $"'{Key}.{layer}.{direction}' must be '{Spike}' or '{Dense}'"),
        };

    private static CheckpointException Malformed(Checkpoint checkpoint, string what) =>
        new($"{checkpoint.Source}: {what}");
}
