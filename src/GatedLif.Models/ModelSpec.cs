using GatedLif.Models.Blocks;
using GatedLif.Neurons;

namespace GatedLif.Models;

/// <summary>Everything that decides a network's structure: architecture, neuron variant, classes, GLIF settings.</summary>
/// <param name="Width">Channel multiplier of the ResNets (ours, <c>--width</c>); 1 is the reference's network.</param>
public sealed record ModelSpec(Architecture Architecture, NeuronKind Neuron, int Classes, GlifSettings Glif, double Width = 1.0)
{
    /// <summary>
    /// The reference's rule for the read-out head: two Linear layers (512→256→classes) for ≤ 50 classes on
    /// ResNet-18 channel-wise, ResNet-19 channel-wise and ResNet-19 layer-wise; one Linear layer otherwise.
    /// </summary>
    public bool HiddenHead => Classes <= 50 && Architecture switch
    {
        Architecture.ResNet18 => Neuron == NeuronKind.ChannelWise,
        Architecture.ResNet19 => Neuron is NeuronKind.ChannelWise or NeuronKind.LayerWise,
        _ => false,
    };

    public bool IsImageNet => Architecture is Architecture.ResNet18MS or Architecture.ResNet34MS or Architecture.ResNet34;

    /// <summary>A short human name, e.g. "ResNet-18 channel-wise, T=2, 10 classes".</summary>
    public string Describe()
    {
        var arch = Architecture switch
        {
            Architecture.ResNet19 => "ResNet-19",
            Architecture.ResNet18 => "ResNet-18",
            Architecture.CifarNet => "CIFARNet",
            Architecture.ResNet18MS => "ResNet-18MS",
            Architecture.ResNet34MS => "ResNet-34MS",
            _ => "ResNet-34",
        };
        var neuron = Neuron switch
        {
            NeuronKind.ChannelWise => "channel-wise GLIF",
            NeuronKind.Fused => "GLIF_f",
            _ => Glif.StaticParam ? "layer-wise GLIF (static parameters)" : "layer-wise GLIF",
        };
        var width = Width == 1.0 ? "" : string.Create(System.Globalization.CultureInfo.InvariantCulture, $", width x{Width}");
        return $"{arch}, {neuron}, T={Glif.TimeSteps}, {Classes} classes{width}";
    }
}
