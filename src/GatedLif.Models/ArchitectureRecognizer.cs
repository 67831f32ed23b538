using GatedLif.Models.Blocks;
using GatedLif.Models.Networks;
using GatedLif.Neurons;
using static TorchSharp.torch;

namespace GatedLif.Models;

/// <summary>
/// Tells which network a state dict belongs to: T from a neuron's conduct, the class count from the last
/// Linear layer, the width from the stem, then the candidate whose keys and shapes match exactly.
/// </summary>
public static class ArchitectureRecognizer
{
    /// <param name="shapes">Every key of the state dict (a leading <c>module.</c> already removed) and its shape.</param>
    /// <returns>The matching spec, or null when no network we build has exactly these keys and shapes.</returns>
    public static ModelSpec? Recognize(IReadOnlyDictionary<string, long[]> shapes)
    {
        int steps = TimeSteps(shapes);
        var head = shapes.Where(e => e.Key.StartsWith("lastave.", StringComparison.Ordinal) || e.Key.StartsWith("classifier.", StringComparison.Ordinal))
            .OrderBy(e => e.Key, StringComparer.Ordinal).LastOrDefault();
        if (head.Key is null || !shapes.TryGetValue("conv1.0.0.weight", out var stem) && !shapes.ContainsKey("features.0.0.weight"))
            return null;
        int classes = (int)head.Value[0];
        foreach (var spec in Candidates(steps, classes, stem))
        {
            using var scope = NewDisposeScope();
            using var model = ModelFactory.Create(spec);
            if (HasExactly(model, shapes))
                return spec;
        }
        return null;
    }

    /// <summary>Whether <paramref name="model"/>'s state dict has exactly these keys with these shapes.</summary>
    public static bool HasExactly(nn.Module model, IReadOnlyDictionary<string, long[]> shapes)
    {
        var own = model.state_dict();
        return own.Count == shapes.Count && own.All(e => shapes.TryGetValue(e.Key, out var s) && s.SequenceEqual(e.Value.shape));
    }

    /// <summary>T of a GLIF network: the rows of a neuron's conduct [T, C] or [T]; 1 when there is none.</summary>
    public static int TimeSteps(IReadOnlyDictionary<string, long[]> shapes)
    {
        var conduct = shapes.FirstOrDefault(e => e.Key.EndsWith(".conduct", StringComparison.Ordinal));
        return conduct.Key is null ? 1 : (int)conduct.Value[0];
    }

    private static IEnumerable<ModelSpec> Candidates(int steps, int classes, long[]? stem)
    {
        var glif = new GlifSettings(steps, GlifSettings.DefaultGates);
        if (stem is null)
        {
            yield return new ModelSpec(Architecture.CifarNet, NeuronKind.ChannelWise, classes, glif);
            yield break;
        }
        if (stem.Length == 4 && stem[2] == ResNetLayout.ImageNet34.StemKernel)
        {
            yield return new ModelSpec(Architecture.ResNet18MS, NeuronKind.ChannelWise, classes, glif);
            yield return new ModelSpec(Architecture.ResNet34MS, NeuronKind.ChannelWise, classes, glif);
            yield return new ModelSpec(Architecture.ResNet34, NeuronKind.ChannelWise, classes, glif);
            yield return new ModelSpec(Architecture.ResNet34, NeuronKind.LayerWise, classes, glif);
            yield return new ModelSpec(Architecture.ResNet34, NeuronKind.LayerWise, classes, glif with { StaticParam = true });
            yield break;
        }
        foreach (var (arch, baseChannels) in new[] { (Architecture.ResNet18, 64), (Architecture.ResNet19, 128) })
        {
            double width = (double)stem[0] / baseChannels;
            foreach (var neuron in new[] { NeuronKind.ChannelWise, NeuronKind.LayerWise, NeuronKind.Fused })
                yield return new ModelSpec(arch, neuron, classes, glif, width);
            yield return new ModelSpec(arch, NeuronKind.LayerWise, classes, glif with { StaticParam = true }, width);
        }
    }
}
