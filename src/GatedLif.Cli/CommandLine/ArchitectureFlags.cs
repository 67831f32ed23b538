using System.Globalization;
using GatedLif.Cli.Commands.Dvs;
using GatedLif.Cli.Commands.TrainPy;
using GatedLif.Models;
using GatedLif.Models.Blocks;
using GatedLif.Models.Networks;

namespace GatedLif.Cli.CommandLine;

/// <summary>
/// The command-line flags that build a network, the inverse of <see cref="ModelSelection"/>: what <c>inspect</c>
/// and a key-mismatch error suggest for a checkpoint's architecture.
/// </summary>
public static class ArchitectureFlags
{
    /// <summary>The train.py flags that build <paramref name="spec"/> (gate mode and initial gates leave no trace in the weights).</summary>
    public static string Of(ModelSpec spec)
    {
        var flags = new List<string>();
        if (spec.IsImageNet) flags.Add("--imagenet");
        if (spec.Architecture == Architecture.ResNet18MS) flags.Add("--MS18");
        if (spec.Architecture == Architecture.ResNet34MS) flags.Add("--MS34");
        if (spec.Architecture == Architecture.ResNet18) flags.Add("--stand18");
        if (spec.Architecture == Architecture.CifarNet) flags.Add("--cifarnet");
        if (spec.Neuron != NeuronKind.LayerWise && spec.Architecture != Architecture.CifarNet) flags.Add("--channel-wise");
        if (spec.Neuron == NeuronKind.Fused) flags.Add("--softsimple");
        if (spec.Glif.StaticParam) flags.Add("--static-param");
        if (spec.Classes == 100) flags.Add("--cifar100");
        if (!spec.Glif.StaticParam) flags.Add($"--t {spec.Glif.TimeSteps}");
        if (spec.Width != 1.0) flags.Add(string.Create(CultureInfo.InvariantCulture, $"--width {spec.Width}"));
        return string.Join(' ', flags);
    }

    /// <summary>The <c>dvs</c> command line that builds the CIFAR10-DVS model <paramref name="model"/> (T when the weights record it).</summary>
    public static string OfDvs(string model, int? timeSteps)
    {
        var dsr = model == DvsModels.WideNet7B ? " --dsr_da" : "";
        var steps = timeSteps is { } t ? $" -T {t}" : "";
        return $"{DvsCommand.Name} -model {model}{dsr}{steps}";
    }
}
