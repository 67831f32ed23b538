using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Cli;

public sealed class InspectCommandTests
{
    [Fact]
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

    [Fact]
    public void A_missing_file_is_one_clear_error()
    {
        using var work = new TempFolder();
        var run = CliRun.Start(work.Path, "inspect", Path.Combine(work.Path, "absent.pth.tar"));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("absent.pth.tar", run.Stderr);
    }
}
