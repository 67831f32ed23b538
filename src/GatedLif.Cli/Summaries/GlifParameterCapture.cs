using System.Text.RegularExpressions;
using GatedLif.Checkpoints;
using GatedLif.Neurons;
using static TorchSharp.torch;

namespace GatedLif.Cli.Summaries;

/// <summary>Reads the GLIF parameters out of a state dict (a model's or a checkpoint's), layer by layer in model
/// order.</summary>
public static partial class GlifParameterCapture
{
    public static IReadOnlyList<LayerRecord> Layers(IEnumerable<KeyValuePair<string, Tensor>> state)
    {
        using var scope = NewDisposeScope();
        var layers = new List<(string Layer, Dictionary<string, RecordedTensor> Parameters)>();
        var owners = new Dictionary<string, Dictionary<string, RecordedTensor>>();
        var entries = state.ToList();
        var neurons = entries
            .Where(e => e.Key.EndsWith("." + GlifParameter.Marker.Name, StringComparison.Ordinal))
            .Select(e => e.Key[..e.Key.LastIndexOf('.')])
            .ToHashSet();
        foreach (var (key, tensor) in entries)
        {
            int dot = key.LastIndexOf('.');
            if (dot < 0 || !neurons.Contains(key[..dot]))
                continue;
            var name = key[(dot + 1)..];
            if (GlifParameter.Named(name) is null)
                continue;
            var owner = key[..dot];
            if (!owners.TryGetValue(owner, out var parameters))
            {
                parameters = [];
                owners[owner] = parameters;
                layers.Add((owner, parameters));
            }
            var values = tensor.detach().to(ScalarType.Float32).cpu().contiguous();
            parameters[name] = new RecordedTensor(tensor.shape, values.data<float>().ToArray());
        }
        return layers
            .OrderBy(l => l.Layer, ModuleNameOrder.Comparer)
            .Select(l => new LayerRecord(
                l.Layer,
                ReferenceLayer(l.Layer + "." + GlifParameter.Marker.Name),
                l.Parameters
            ))
            .ToList();
    }

    /// <summary>
    /// <c>record_param</c>'s layer index: names of fewer than four parts are skipped; otherwise, with the numbers in
    /// the name, 2·first when there are several (a block's body neuron) and 2·first + 1 when there is one (its
    /// output neuron).
    /// </summary>
    public static int? ReferenceLayer(string parameterKey)
    {
        if (parameterKey.Split('.').Length < 4)
            return null;
        var numbers = Digits()
            .Matches(parameterKey)
            .Select(m => int.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture))
            .ToList();
        if (numbers.Count == 0)
            return null;
        return numbers.Count > 1 ? numbers[0] * 2 : numbers[0] * 2 + 1;
    }

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();
}
