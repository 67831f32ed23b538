using GatedLif.Checkpoints;
using GatedLif.Cli.CommandLine;
using GatedLif.Cli.Commands.TrainPy;
using GatedLif.Models;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Cli.CommandLine;

/// <summary>A checkpoint of another architecture: a summary of the keys, then the flags its weights fit.</summary>
[Trait(KernelDependence.Trait, KernelDependence.Dependent)]
public sealed class CheckpointArchitectureHintTests
{
    private static string GoldenCheckpoint => Path.Combine(RepoPaths.Golden, "r18cw-CIFAR10-step2.pth.tar");

    /// <summary>The golden ResNet-18 checkpoint loaded into the ResNet-19 that its flags build without
    /// --stand18.</summary>
    private static string MismatchWithoutStand18(bool verbose)
    {
        var spec = ModelSelection.From(new TrainPyCommandLine().Parse(["--soft-mode", "--channel-wise", "--t", "2"]));
        using var model = ModelFactory.Create(spec);
        using var checkpoint = TorchCheckpointReader.Read(GoldenCheckpoint);
        return Assert
            .Throws<CheckpointException>(() =>
                StateDictLoader.Load(
                    model,
                    checkpoint.StateDict,
                    GoldenCheckpoint,
                    mismatch: CheckpointArchitectureHint.LoadOptions(verbose)
                )
            )
            .Message;
    }

    [GoldenFact]
    public void The_golden_checkpoint_without_stand18_gets_counts_a_few_keys_and_the_flags_it_fits()
    {
        var lines = MismatchWithoutStand18(verbose: false).Split('\n');

        Assert.Matches(
            $@"^State dict from '{GoldenCheckpoint}' does not match the model: \d+ missing, \d+ unexpected, \d+ "
                + @"misshapen keys$",
            lines[0]
        );
        Assert.Equal(
            "  the checkpoint looks like ResNet-18, channel-wise GLIF, T=2, 10 classes: try --stand18 "
                + "--channel-wise --t 2",
            lines[^1]
        );
        var keyLines = lines.Count(l =>
            l.StartsWith("    ", StringComparison.Ordinal) && !l.StartsWith("    …", StringComparison.Ordinal)
        );
        Assert.Equal(3 * StateDictMismatchOptions.DefaultKeysShown, keyLines);
        Assert.Equal(
            3,
            lines.Count(l =>
                l.StartsWith("    … and ", StringComparison.Ordinal)
                && l.EndsWith(" more (--verbose lists them all)", StringComparison.Ordinal)
            )
        );
        Assert.True(lines.Length < 25, $"{lines.Length} lines");
    }

    [GoldenFact]
    public void Verbose_lists_every_key()
    {
        var summary = MismatchWithoutStand18(verbose: false).Split('\n');
        var full = MismatchWithoutStand18(verbose: true).Split('\n');

        // The counts on the first line add up to the keys listed.
        var counts = System
            .Text.RegularExpressions.Regex.Matches(full[0], @"(\d+) (missing|unexpected|misshapen)")
            .Select(m => int.Parse(m.Groups[1].Value))
            .ToArray();
        Assert.Equal(counts.Sum(), full.Count(l => l.StartsWith("    ", StringComparison.Ordinal)));
        Assert.DoesNotContain(full, l => l.Contains("more (--verbose"));
        Assert.Equal(summary[0], full[0]);
        Assert.Equal(summary[^1], full[^1]);
    }

    [GoldenTheory]
    [InlineData(
        "SEWResNet_GLIF_dsr-T16.txt",
        "the checkpoint looks like SEWResNet_GLIF_dsr (CIFAR10-DVS, T=16): try dvs -model SEWResNet_GLIF_dsr "
            + "--dsr_da -T 16"
    )]
    [InlineData(
        "SEWResNet_vanillaLIF-T16.txt",
        "the checkpoint looks like SEWResNet_vanillaLIF (CIFAR10-DVS): try dvs -model SEWResNet_vanillaLIF"
    )]
    [InlineData(
        "resnet19-glif_f-cifar100-T6.txt",
        "the checkpoint looks like ResNet-19, GLIF_f, T=6, 100 classes: try --channel-wise "
            + "--softsimple --cifar100 --t 6"
    )]
    public void Reference_key_lists_get_the_command_line_of_their_network(string listName, string hint)
    {
        Assert.Equal(hint, CheckpointArchitectureHint.For(GoldenKeyList.Read(listName).Shapes()));
    }

    [Fact]
    public void Keys_of_no_network_we_build_say_so()
    {
        var hint = CheckpointArchitectureHint.For(new Dictionary<string, long[]> { ["encoder.weight"] = [4, 4] });

        Assert.StartsWith("the checkpoint's keys and shapes match none of the networks gatedlif builds", hint);
    }
}
