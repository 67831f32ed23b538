using GatedLif.Models.Blocks;
using GatedLif.Models.Networks;
using GatedLif.Neurons;

namespace GatedLif.Models;

/// <summary>
/// A network of train.py (static images repeated over T steps), as an entry of <see cref="Architectures"/>: its
/// display name, dataset, the GLIF variants it has, the train.py flag that selects it, and, from its builder (a
/// ResNet or CIFARNet), how it is built and how a checkpoint's stem and read-out show it.
/// </summary>
/// <param name="Name">The display name, e.g. "ResNet-18".</param>
/// <param name="ImageNet">An ImageNet network (1000 classes, 224x224 images, <c>module.</c> keys), not a CIFAR
/// one.</param>
/// <param name="Neurons">The GLIF variants train.py's neuron flags give it; the first when they ask for one it
/// lacks.</param>
/// <param name="Flag">The train.py flag that selects it (with <c>--imagenet</c> for an ImageNet network); null for
/// the network its dataset gets without one.</param>
public abstract record StaticImageArchitecture(
    string Name,
    bool ImageNet,
    IReadOnlyList<NeuronKind> Neurons,
    TrainPyFlag? Flag
)
{
    /// <summary>Whether <c>--width</c> scales its channels.</summary>
    public abstract bool Scales { get; }

    /// <summary>The network <paramref name="spec"/> describes, initialised as the reference initialises it.</summary>
    public abstract StaticImageNetwork Build(ModelSpec spec);

    /// <summary>The width and class count of a state dict whose stem and read-out are this network's; null when they
    /// are not.</summary>
    public abstract (double Width, int Classes)? Dimensions(IReadOnlyDictionary<string, long[]> shapes);

    /// <summary>The variant train.py's neuron flags give it when they ask for <paramref name="asked"/>.</summary>
    public NeuronKind NeuronFor(NeuronKind asked) => Neurons.Contains(asked) ? asked : Neurons[0];

    /// <summary>
    /// The specs a checkpoint of these dimensions may come from: each of its variants, then layer-wise with static
    /// parameters (which only the keys tell apart). The gates' initial values and mode leave no trace in the weights.
    /// </summary>
    public IEnumerable<ModelSpec> Candidates(int timeSteps, int classes, double width)
    {
        var glif = new GlifSettings(timeSteps, GlifSettings.DefaultGates);
        foreach (var neuron in Neurons)
            yield return new ModelSpec(this, neuron, classes, glif, width);
        if (Neurons.Contains(NeuronKind.LayerWise))
            yield return new ModelSpec(this, NeuronKind.LayerWise, classes, glif with { StaticParam = true }, width);
    }

    /// <summary>The rows of the last weight under <paramref name="module"/> (the read-out's last Linear layer: the
    /// classes).</summary>
    protected static int? LastRows(IReadOnlyDictionary<string, long[]> shapes, string module) =>
        shapes
            .Where(e =>
                e.Key.StartsWith(module + ".", StringComparison.Ordinal)
                && e.Key.EndsWith(".weight", StringComparison.Ordinal)
            )
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => (int?)e.Value[0])
            .LastOrDefault();
}
