using GatedLif.Models.Blocks;
using GatedLif.Neurons;

namespace GatedLif.Models;

/// <summary>Everything that decides a network's structure: architecture, neuron variant, classes, GLIF
/// settings.</summary>
/// <param name="Width">Channel multiplier of the ResNets (ours, <c>--width</c>); 1 is the reference's network.</param>
public sealed record ModelSpec(
    StaticImageArchitecture Architecture,
    NeuronKind Neuron,
    int Classes,
    GlifSettings Glif,
    double Width = 1.0
)
{
    /// <summary>A short human name, e.g. "ResNet-18, channel-wise GLIF, T=2, 10 classes".</summary>
    public string Describe()
    {
        var neuron = Neuron switch
        {
            NeuronKind.ChannelWise => "channel-wise GLIF",
            NeuronKind.Fused => "GLIF_f",
            _ => Glif.StaticParam ? "layer-wise GLIF (static parameters)" : "layer-wise GLIF",
        };
        var width =
            Width == 1.0 ? "" : string.Create(System.Globalization.CultureInfo.InvariantCulture, $", width x{Width}");
        return $"{Architecture.Name}, {neuron}, T={Glif.TimeSteps}, {Classes} classes{width}";
    }
}
