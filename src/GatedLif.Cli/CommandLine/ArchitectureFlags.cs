using System.Globalization;
using GatedLif.Cli.Commands.Dvs;
using GatedLif.Cli.Commands.TrainPy;
using GatedLif.Models;
using GatedLif.Models.Blocks;

namespace GatedLif.Cli.CommandLine;

/// <summary>
/// The command-line flags that build a network, the inverse of <see cref="ModelSelection"/>: what <c>inspect</c>
/// and a key-mismatch error suggest for a checkpoint's architecture.
/// </summary>
public static class ArchitectureFlags
{
    /// <summary>The train.py flags that build <paramref name="spec"/> (gate mode and initial gates leave no trace in
    /// the weights).</summary>
    public static string Of(ModelSpec spec)
    {
        var architecture = spec.Architecture;
        var flags = new List<string>();
        if (architecture.ImageNet)
            flags.Add("--imagenet");
        if (architecture.Flag is { } flag)
            flags.Add(flag.Name);
        if (spec.Neuron != NeuronKind.LayerWise && architecture.Flag is not { ImpliesChannelWise: true })
            flags.Add("--channel-wise");
        if (spec.Neuron == NeuronKind.Fused)
            flags.Add("--softsimple");
        if (spec.Glif.StaticParam)
            flags.Add("--static-param");
        if (spec.Classes == 100)
            flags.Add("--cifar100");
        if (!spec.Glif.StaticParam)
            flags.Add($"--t {spec.Glif.TimeSteps}");
        if (spec.Width != 1.0)
            flags.Add(string.Create(CultureInfo.InvariantCulture, $"--width {spec.Width}"));
        return string.Join(' ', flags);
    }

    /// <summary>The <c>dvs</c> command line that builds the CIFAR10-DVS network <paramref name="model"/> (T when the
    /// weights record it).</summary>
    public static string OfDvs(DvsArchitecture model, int? timeSteps)
    {
        var dsr = model.Input.DsrDa == true ? " --dsr_da" : "";
        var steps = timeSteps is { } t ? $" -T {t}" : "";
        return $"{DvsCommand.Name} -model {model.Name}{dsr}{steps}";
    }
}
