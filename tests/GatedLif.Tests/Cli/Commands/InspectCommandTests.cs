using GatedLif.Checkpoints;
using GatedLif.Cli.Commands;
using GatedLif.Tests.TestSupport;
using static TorchSharp.torch;

namespace GatedLif.Tests.Cli.Commands;

/// <summary>
/// <c>gatedlif inspect</c>: the user's command as a process (the golden checkpoint, the usage and file errors and their
/// exit codes; TorchCheckpointReaderTests names a folder given as a file), and what it writes about other checkpoints
/// in-process, through <see cref="InspectCommand.Describe"/>.
/// </summary>
[Trait(KernelDependence.Trait, KernelDependence.Dependent)]
public sealed class InspectCommandTests
{
    [GoldenFact]
    public void The_golden_checkpoint_is_described()
    {
        using var work = new TempFolder();
        var run = CliRun.Start(work.Path, "inspect", Path.Combine(RepoPaths.Golden, "r18cw-CIFAR10-step2.pth.tar"));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("tensors: 308", run.Stdout);
        Assert.Contains("architecture: ResNet-18, channel-wise GLIF, T=2, 10 classes", run.Stdout);
        Assert.Contains("flags: --stand18 --channel-wise --t 2", run.Stdout);
        Assert.Contains("training state: none", run.Stdout);
        // One row per GLIF layer: the stem's neuron, two per block.
        Assert.Equal(17, run.Stdout.Split('\n').Count(l => l.StartsWith("conv1.1 ") || l.StartsWith("features.")));
        Assert.Matches(@"(?m)^conv1\.1\s+0\.\d{4}\s+0\.\d{4}", run.Stdout);
    }

    /// <summary>A checkpoint with exactly a reference key list's keys and shapes (zeros, one numel check).</summary>
    [GoldenTheory]
    [InlineData("cifarnet-cifar10-T6.txt", "architecture: CIFARNet", "flags: --cifarnet --t 6")]
    [InlineData(
        "resnet19-glif_f-cifar100-T6.txt",
        "architecture: ResNet-19, GLIF_f",
        "flags: --channel-wise --softsimple --cifar100 --t 6"
    )]
    public void A_checkpoint_with_a_reference_key_list_is_recognised(string listName, string architecture, string flags)
    {
        using var work = new TempFolder();
        var golden = GoldenKeyList.Read(listName);
        var stateDict = new OrderedDictionary<string, object?>();
        foreach (var (key, shape) in golden.Shapes())
            stateDict[key] = key.EndsWith("num_batches_tracked") ? zeros(shape, ScalarType.Int64) : zeros(shape);
        var path = work.File("from-list.pth.tar");
        TorchCheckpointWriter.Write(path, new Dictionary<string, object?> { ["state_dict"] = stateDict });

        var description = Describe(path);

        Assert.Contains(architecture, description);
        Assert.Contains(flags, description);
        Assert.Contains($"tensors: {golden.Lines.Count}", description);
        Assert.Contains("training state: none", description);
        // Zero raw parameters are 0.5 after sigmoid; GLIF_f has no alpha or beta.
        Assert.Matches(@"(?m)^(conv1\.1|features\.1)\s+(-|0\.5000)\s+(-|0\.5000)\s+0\.5000\s", description);
    }

    [GoldenFact]
    public void A_cifar10dvs_checkpoint_under_net_is_recognised_with_its_training_state()
    {
        using var work = new TempFolder();
        var golden = GoldenKeyList.Read("SEWResNet_GLIF_dsr-T16.txt");
        var net = new OrderedDictionary<string, object?>();
        foreach (var (key, shape) in golden.Shapes())
            net[key] = key.EndsWith("num_batches_tracked") ? zeros(shape, ScalarType.Int64) : zeros(shape);
        var path = work.File("checkpoint_max.pth");
        TorchCheckpointWriter.Write(
            path,
            new Dictionary<string, object?>
            {
                ["net"] = net,
                ["epoch"] = 3,
                ["max_test_acc"] = 0.25,
            }
        );

        var description = Describe(path);

        Assert.Contains("architecture: SEWResNet_GLIF_dsr (CIFAR10-DVS, 48x48 input)", description);
        Assert.Contains("flags: dvs -model SEWResNet_GLIF_dsr --dsr_da -T 16", description);
        Assert.Contains("training state: after epoch 3, max test accuracy 0.250000", description);
    }

    [Fact]
    public void No_argument_says_what_inspect_needs()
    {
        using var work = new TempFolder();
        var run = CliRun.Start(work.Path, "inspect");
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(
            "inspect needs the checkpoint file to describe: scripts/gatedlif inspect CHECKPOINT",
            run.Stderr
        );
        Assert.DoesNotContain("'gatedlif'", run.Stderr);
    }

    [Fact]
    public void A_missing_file_is_one_clear_error()
    {
        using var work = new TempFolder();
        var run = CliRun.Start(work.Path, "inspect", Path.Combine(work.Path, "absent.pth.tar"));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("absent.pth.tar", run.Stderr);
    }

    private static string Describe(string path)
    {
        using var text = new StringWriter();
        InspectCommand.Describe(path, text);
        return text.ToString();
    }
}
