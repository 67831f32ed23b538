using GatedLif.Checkpoints;
using GatedLif.Models;

namespace GatedLif.Cli.CommandLine;

/// <summary>
/// The close of a key-mismatch error: which network the checkpoint's keys and shapes match, and the flags that
/// build it, e.g. "the checkpoint looks like ResNet-18, channel-wise GLIF, T=2, 10 classes: try --stand18
/// --channel-wise --t 2".
/// </summary>
public static class CheckpointArchitectureHint
{
    /// <summary>What every strict load of a user's checkpoint passes to <see cref="StateDictLoader.Load"/>: the
    /// first few keys of each kind (all with --verbose) and this hint.</summary>
    public static StateDictMismatchOptions LoadOptions(bool verbose) =>
        verbose
            ? new StateDictMismatchOptions(KeysShown: null, Hint: For)
            : new StateDictMismatchOptions(MoreKeysNote: "--verbose lists them all", Hint: For);

    /// <param name="shapes">The checkpoint's keys (without a <c>module.</c> prefix) and shapes.</param>
    public static string For(IReadOnlyDictionary<string, long[]> shapes)
    {
        if (ArchitectureRecognizer.Recognize(shapes) is { } spec)
            return $"the checkpoint looks like {spec.Describe()}: try {ArchitectureFlags.Of(spec)}";
        if (ArchitectureRecognizer.RecognizeDvs(shapes) is { } dvs)
        {
            var steps = dvs.TimeSteps is { } t ? $", T={t}" : "";
            return $"the checkpoint looks like {dvs.Architecture.Name} (CIFAR10-DVS{steps}): try "
                + $"{ArchitectureFlags.OfDvs(dvs.Architecture, dvs.TimeSteps)}";
        }
        return "the checkpoint's keys and shapes match none of the networks gatedlif builds ('scripts/gatedlif "
            + "inspect' on it shows what it holds)";
    }
}
