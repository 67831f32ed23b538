using GatedLif.Cli.CommandLine;
using GatedLif.Models;
using GatedLif.Models.Blocks;
using GatedLif.Neurons;

namespace GatedLif.Cli.Commands.TrainPy;

/// <summary>train.py's choice of network from its flags, read from the entries of <see
/// cref="Architectures"/>.</summary>
public static class ModelSelection
{
    /// <summary>The flags that select an architecture, in the registry's order (that of the help text).</summary>
    public static IEnumerable<TrainPyFlag> Flags => Architectures.StaticImage.Select(a => a.Flag).OfType<TrainPyFlag>();

    public static ModelSpec From(TrainPyOptions o)
    {
        var glif = new GlifSettings(
            o.T,
            o.Gate,
            o.SoftMode,
            o.StaticGate,
            o.StaticParam,
            TimeWise: false,
            Implementation: NeuronImplementationFlag.Parse(o.NeuronImpl)
        );
        UsageException.From(() => glif.Validate(), e => $"{FlagOf(e.Setting)}: {e.Message}");
        var architecture = Selected(o);
        if (o.Width != 1.0 && !architecture.Scales)
            throw new UsageException($"--width applies to the ResNets only, not to {architecture.Name}");
        int classes =
            o.ImageNet ? 1000
            : o.Cifar100 ? 100
            : 10;
        // Channel-wise with --softsimple is GLIF_f; without --channel-wise the neuron is layer-wise; a network
        // without the variant asked for has its own. The reference ignores --softsimple for ResNet-19 on CIFAR-10;
        // we honour it (docs/articles/differences.md).
        var asked =
            !o.ChannelWise ? NeuronKind.LayerWise
            : o.SoftSimple ? NeuronKind.Fused
            : NeuronKind.ChannelWise;
        return new ModelSpec(architecture, architecture.NeuronFor(asked), classes, glif, o.Width);
    }

    /// <summary>
    /// As train.py chooses: among its dataset's networks (--imagenet or CIFAR) the first whose flag is given, in the
    /// registry's order but on CIFAR-100 the flags it tests first there before the others; without any, the one
    /// without a flag.
    /// </summary>
    private static StaticImageArchitecture Selected(TrainPyOptions o) =>
        Architectures
            .StaticImage.Where(a => a.ImageNet == o.ImageNet)
            .OrderBy(a => a.Flag is null)
            .ThenBy(a => !(o.Cifar100 && a.Flag is { FirstOnCifar100: true }))
            .First(a => a.Flag is null || o.ModelFlags.Contains(a.Flag.Name));

    private static string FlagOf(string setting) =>
        setting switch
        {
            nameof(GlifSettings.TimeSteps) => "--t",
            nameof(GlifSettings.Gates) => "--gate",
            _ => setting,
        };
}
