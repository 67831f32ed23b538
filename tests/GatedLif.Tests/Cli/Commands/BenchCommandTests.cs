using System.Text.RegularExpressions;
using GatedLif.Cli.Benchmarks;
using GatedLif.Cli.CommandLine;
using GatedLif.Cli.Commands;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Cli.Commands;

/// <summary>The bench's flags are checked before anything is measured (its timings are not tests), and every
/// workload prints its measurements in the one line format that tests/parity/workload_speed.py reads.</summary>
public sealed class BenchCommandTests
{
    /// <summary>The line workload_speed.py reads (its OURS pattern).</summary>
    private static readonly Regex Measurement = new(
        @"^convolutions (\w+): training step (\d+\.\d+) s \(cpu/thr (\d+\.\d+) s\), evaluation (\d+\.\d+) s per "
            + @"batch.*?cpu/thr (\d+\.\d+) s\); firing rate (\d+\.\d+)%",
        RegexOptions.Multiline
    );

    [Theory]
    [InlineData("--repeat", "0")]
    [InlineData("--t", "0")]
    [InlineData("--batch-size", "0")]
    [InlineData("--device", "tpu")]
    [InlineData("--no-such-flag", "1")]
    [InlineData(ConvolutionImplementationFlag.Name, "dense")]
    public void Bad_bench_flags_are_usage_errors(string flag, string value)
    {
        Assert.Equal(GatedLifApp.UsageError, CliRun.InProcess(BenchCommand.Name, flag, value).ExitCode);
    }

    [Fact]
    public void An_unknown_model_is_a_usage_error_naming_the_flag_and_the_workloads()
    {
        var run = CliRun.InProcess(BenchCommand.Name, Workload.Flag, "resnet50");
        Assert.Equal(GatedLifApp.UsageError, run.ExitCode);
        Assert.Contains("--model resnet50", run.Stderr);
        foreach (var workload in Workload.All)
            Assert.Contains(workload.Name, run.Stderr);
    }

    [Theory]
    [InlineData("--profile")]
    [InlineData("--resnet-only")]
    public void A_model_run_refuses_the_flags_of_the_full_bench(string flag)
    {
        var run = CliRun.InProcess(BenchCommand.Name, Workload.Flag, "resnet18", flag);
        Assert.Equal(GatedLifApp.UsageError, run.ExitCode);
        Assert.Contains(flag, run.Stderr);
    }

    [Fact]
    public void The_list_names_every_workload_with_its_settings()
    {
        var run = CliRun.InProcess(BenchCommand.Name, "--list-models", "--t", "4");
        Assert.True(run.ExitCode == 0, run.ToString());
        var rows = run
            .Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Skip(1)
            .Select(l => l.Split('\t'))
            .ToList();
        Assert.Equal(Workload.All.Select(w => w.Name), rows.Select(r => r[0]));
        Assert.All(rows, r => Assert.Equal("4", r[1]));
        Assert.Equal(["sew-plif", "4", "2", "4", "10", "events", "4x2x2x128x128", "4x4x2x128x128"], rows[^1][..8]);
    }

    [Fact]
    public void A_model_run_prints_the_measurement_line_of_the_implementation_asked_for()
    {
        using var work = new TempFolder();
        var run = CliRun.Start(
            work.Path,
            BenchCommand.Name,
            Workload.Flag,
            "resnet18",
            "--t",
            "1",
            "--batch-size",
            "1",
            "--repeat",
            "1",
            ConvolutionImplementationFlag.Name,
            "dense"
        );
        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = Measurement.Matches(run.Stdout);
        Assert.Equal("dense", Assert.Single(lines).Groups[1].Value);
        Assert.Contains("ResNet-18 CW T=1 batch 1,", run.Stdout);
    }
}
