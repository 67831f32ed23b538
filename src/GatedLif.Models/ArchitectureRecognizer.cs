using GatedLif.Models.Blocks;
using GatedLif.Randomness;
using static TorchSharp.torch;

namespace GatedLif.Models;

/// <summary>
/// Tells which network of <see cref="Architectures"/> a state dict belongs to: T from a neuron's conduct, the width
/// and class count from each entry's stem and read-out, then the candidate whose keys and shapes match exactly.
/// </summary>
public static class ArchitectureRecognizer
{
    /// <param name="shapes">Every key of the state dict (a leading <c>module.</c> already removed) and its
    /// shape.</param>
    /// <returns>The matching spec, or null when no train.py network we build has exactly these keys and
    /// shapes.</returns>
    public static ModelSpec? Recognize(IReadOnlyDictionary<string, long[]> shapes)
    {
        int steps = TimeSteps(shapes);
        foreach (var architecture in Architectures.StaticImage)
        {
            if (architecture.Dimensions(shapes) is not (var width, var classes))
                continue;
            foreach (var spec in architecture.Candidates(steps, classes, width))
            {
                using var scope = NewDisposeScope();
                using var model = ModelFactory.Create(spec);
                if (HasExactly(model, shapes))
                    return spec;
            }
        }
        return null;
    }

    /// <summary>
    /// Which CIFAR10-DVS network a state dict belongs to, by building each at its input side and comparing keys and
    /// shapes; T is null for networks whose weights do not record it. The connect function leaves no trace.
    /// </summary>
    public static (DvsArchitecture Architecture, int? TimeSteps)? RecognizeDvs(
        IReadOnlyDictionary<string, long[]> shapes
    )
    {
        if (!shapes.ContainsKey("out.weight"))
            return null;
        int steps = TimeSteps(shapes);
        foreach (var architecture in Architectures.Dvs)
        {
            using var scope = NewDisposeScope();
            using var model = architecture.Create(
                ConnectFunction.ADD,
                steps,
                architecture.Input.Side,
                new NumpyLegacyRandom(0)
            );
            if (HasExactly(model, shapes))
                return (architecture, architecture.Neurons.RecordsTimeSteps ? steps : null);
        }
        return null;
    }

    /// <summary>Whether <paramref name="model"/>'s state dict has exactly these keys with these shapes.</summary>
    public static bool HasExactly(nn.Module model, IReadOnlyDictionary<string, long[]> shapes)
    {
        var own = model.state_dict();
        return own.Count == shapes.Count
            && own.All(e => shapes.TryGetValue(e.Key, out var s) && s.SequenceEqual(e.Value.shape));
    }

    /// <summary>T of a GLIF network: the rows of a neuron's conduct [T, C] or [T]; 1 when there is none.</summary>
    public static int TimeSteps(IReadOnlyDictionary<string, long[]> shapes)
    {
        var conduct = shapes.FirstOrDefault(e => e.Key.EndsWith(".conduct", StringComparison.Ordinal));
        return conduct.Key is null ? 1 : (int)conduct.Value[0];
    }
}
