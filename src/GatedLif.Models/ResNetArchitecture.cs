using GatedLif.Models.Blocks;
using GatedLif.Models.Networks;

namespace GatedLif.Models;

/// <summary>A <see cref="SpikingResNet"/> entry: its layout (stem, stages, block), batch norm and read-out
/// head.</summary>
/// <param name="HiddenHead">The variants with which it reads out through two Linear layers (512→256→classes) when it
/// has at most <see cref="HiddenHeadMaxClasses"/> classes, as the reference does; one Linear layer otherwise.</param>
public sealed record ResNetArchitecture(
    string Name,
    ResNetLayout Layout,
    NormLayer Norm,
    bool ImageNet,
    IReadOnlyList<NeuronKind> Neurons,
    IReadOnlyList<NeuronKind> HiddenHead,
    TrainPyFlag? Flag
) : StaticImageArchitecture(Name, ImageNet, Neurons, Flag)
{
    public const int HiddenHeadMaxClasses = 50;

    public override bool Scales => true;

    public override StaticImageNetwork Build(ModelSpec spec) =>
        new SpikingResNet(
            Layout.Scaled(spec.Width),
            GlifNeurons.Of(spec.Neuron, spec.Glif),
            Norm,
            spec.Glif.TimeSteps,
            spec.Classes,
            hiddenHead: spec.Classes <= HiddenHeadMaxClasses && HiddenHead.Contains(spec.Neuron)
        );

    /// <summary>The stem's kernel tells the CIFAR ResNets from the ImageNet ones, its channels give the width, and
    /// <c>lastave</c>'s last layer the classes.</summary>
    public override (double Width, int Classes)? Dimensions(IReadOnlyDictionary<string, long[]> shapes) =>
        shapes.TryGetValue("conv1.0.0.weight", out var stem)
        && stem.Length == 4
        && stem[2] == Layout.StemKernel
        && LastRows(shapes, "lastave") is { } classes
            ? ((double)stem[0] / Layout.StemChannels, classes)
            : null;
}
