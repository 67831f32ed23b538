using GatedLif.Models.Blocks;
using GatedLif.Models.Networks;

namespace GatedLif.Models;

/// <summary>A <see cref="CifarNet"/> entry: a fixed plan of layers, so no width and no choice of head.</summary>
public sealed record CifarNetArchitecture(string Name, IReadOnlyList<NeuronKind> Neurons, TrainPyFlag? Flag)
    : StaticImageArchitecture(Name, ImageNet: false, Neurons, Flag)
{
    public override bool Scales => false;

    public override StaticImageNetwork Build(ModelSpec spec) =>
        new CifarNet(GlifNeurons.Of(spec.Neuron, spec.Glif), spec.Glif.TimeSteps, spec.Classes);

    /// <summary>Its first convolution is <c>features.0</c>, and <c>classifier</c>'s last layer gives the
    /// classes.</summary>
    public override (double Width, int Classes)? Dimensions(IReadOnlyDictionary<string, long[]> shapes) =>
        shapes.ContainsKey("features.0.0.weight") && LastRows(shapes, "classifier") is { } classes
            ? (1.0, classes)
            : null;
}
