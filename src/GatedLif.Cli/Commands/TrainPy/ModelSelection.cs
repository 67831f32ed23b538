using GatedLif.Cli.CommandLine;
using GatedLif.Models.Blocks;
using GatedLif.Models;
using GatedLif.Neurons;

namespace GatedLif.Cli.Commands.TrainPy;

/// <summary>train.py's choice of network from its flags.</summary>
public static class ModelSelection
{
    public static ModelSpec From(TrainOptions o)
    {
        var glif = new GlifSettings(o.T, o.Gate, o.SoftMode, o.StaticGate, o.StaticParam, TimeWise: false,
            Implementation: NeuronImplementationFlag.Parse(o.NeuronImpl));
        UsageException.OnInvalidSetting(() =>
        {
            glif.Validate();
            return glif;
        }, e => $"{FlagOf(e.Setting)}: {e.Message}");
        if (!(o.Width > 0 && o.Width <= 8))
            throw new UsageException($"--width must be in (0, 8] (got {o.Width})");
        if (o.Width != 1.0 && !o.ImageNet && o.CifarNet && (o.Cifar100 || !o.Stand18))
            throw new UsageException("--width applies to the ResNets only, not to CIFARNet");
        if (o.ImageNet)
        {
            if (o.MS18) return new ModelSpec(Architecture.ResNet18MS, NeuronKind.ChannelWise, 1000, glif, o.Width);
            if (o.MS34) return new ModelSpec(Architecture.ResNet34MS, NeuronKind.ChannelWise, 1000, glif, o.Width);
            return new ModelSpec(Architecture.ResNet34, o.ChannelWise ? NeuronKind.ChannelWise : NeuronKind.LayerWise, 1000, glif, o.Width);
        }

        int classes = o.Cifar100 ? 100 : 10;
        // Channel-wise with --softsimple is GLIF_f; without --channel-wise the neuron is layer-wise. The reference
        // ignores --softsimple for ResNet-19 on CIFAR-10; we honour it (README, differences).
        var neuron = !o.ChannelWise ? NeuronKind.LayerWise : o.SoftSimple ? NeuronKind.Fused : NeuronKind.ChannelWise;
        // The reference tests --stand18 before --cifarnet on CIFAR-10 and the other way round on CIFAR-100.
        bool cifarNet = o.CifarNet && (o.Cifar100 || !o.Stand18);
        if (cifarNet) return new ModelSpec(Architecture.CifarNet, NeuronKind.ChannelWise, classes, glif);
        if (o.Stand18) return new ModelSpec(Architecture.ResNet18, neuron, classes, glif, o.Width);
        return new ModelSpec(Architecture.ResNet19, neuron, classes, glif, o.Width);
    }

    private static string FlagOf(string setting) => setting switch
    {
        nameof(GlifSettings.TimeSteps) => "--t",
        nameof(GlifSettings.Gates) => "--gate",
        _ => setting,
    };
}
