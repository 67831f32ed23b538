using System.Globalization;
using System.Text.RegularExpressions;
using GatedLif.Statistics;
using GatedLif.Tests.Core.Statistics;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Cli.Commands.TrainPy;

/// <summary>
/// The reference checkpoint in ../shared/golden, evaluated end to end through scripts/gatedlif with the
/// reference's own command line, reports what the reference PyTorch evaluation reported (r18cw.json): top-1 and
/// top-5 exactly, the loss within the file's tolerance, since libtorch picks other CPU kernels on other processors
/// and a membrane value near the threshold can land on the other side (PyTorch itself prints the losses of
/// <c>loss_by_processor</c>).
/// </summary>
[Trait(KernelDependence.Trait, KernelDependence.Dependent)]
public sealed partial class GoldenEvaluationTests
{
    [GeneratedRegex(
        @"^\[\d\d \d\d:\d\d:\d\d\] TEST Epoch -1: loss = (\d+\.\d{6}),\tTop-1  = (\d\.\d{6}),\tTop-5  = (\d\.\d{6}),"
            + @"\tval_time = \d+\.\d{6}$",
        RegexOptions.Multiline
    )]
    private static partial Regex TestLine();

    /// <summary>The reference's evaluation command on the golden files, with <paramref name="ours"/> added; the
    /// TEST line it prints, checked against r18cw.json: top-1 and top-5 exactly, the loss within its
    /// tolerance.</summary>
    private static (CliRun Run, Match TestLine) EvaluateGolden(string work, params string[] ours)
    {
        var expected = GoldenRun.Expected;
        var run = CliRun.Start(
            work,
            [
                "--modeltag",
                "r18cw-CIFAR10-step2.pth.tar",
                "--soft-mode",
                "--eval",
                "--eval-resume",
                RepoPaths.Golden,
                "--stand18",
                "--channel-wise",
                "--t",
                "2",
                "--dataset-path",
                Path.Combine(RepoPaths.Golden, "cifar"),
                .. ours,
            ]
        );
        Assert.True(run.ExitCode == 0, run.ToString());
        var match = TestLine().Match(run.Stdout);
        Assert.True(match.Success, run.ToString());
        double loss = expected.GetProperty("loss").GetDouble(),
            tolerance = expected.GetProperty("tolerance").GetProperty("loss").GetDouble();
        Assert.InRange(
            double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture),
            loss - tolerance,
            loss + tolerance
        );
        Assert.Equal(
            expected.GetProperty("top1").GetDouble().ToString("F6", CultureInfo.InvariantCulture),
            match.Groups[2].Value
        );
        Assert.Equal(
            expected.GetProperty("top5").GetDouble().ToString("F6", CultureInfo.InvariantCulture),
            match.Groups[3].Value
        );
        return (run, match);
    }

    [GoldenFact]
    public void Golden_checkpoint_evaluates_to_the_reference_numbers()
    {
        using var work = new TempFolder();
        var (_, match) = EvaluateGolden(work.Path);

        // The same line goes to ./log/train-<yy><mm><unix time>, with Python's default date format.
        var logFile = Assert.Single(Directory.GetFiles(Path.Combine(work.Path, "log"), "train-*"));
        var logged = File.ReadAllText(logFile);
        Assert.Matches(
            @"^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}\] TEST Epoch -1: loss = " + Regex.Escape(match.Groups[1].Value),
            logged
        );
    }

    /// <summary>
    /// The golden evaluation with --spike-stats --conv-impl auto: the reference's numbers still (spike-kernel
    /// convolutions sum in another order, within the same tolerance), the per-layer table after the TEST line, and
    /// ./summaries/{modeltag}/spike-stats.json, whose counts equal an independent count made with PyTorch hooks on
    /// the reference's model (<see cref="GoldenSpikeStatistics"/>).
    /// </summary>
    [GoldenFact]
    public void Golden_evaluation_with_spike_statistics_and_auto_convolutions()
    {
        using var work = new TempFolder();
        var (run, match) = EvaluateGolden(work.Path, "--spike-stats", "--conv-impl", "auto");
        var after = run.Stdout[(match.Index + match.Length)..];
        Assert.StartsWith("\n\nspike statistics: 300 samples, T = 2, numbers per sample\n", after.Replace("\r", ""));
        Assert.Matches(@"\nfeatures\.7\.lif +GLIF channel-wise +32,768 +0\.06\d\d ", after);
        Assert.Matches(@"\n  SNN: [\d,]+ MACs x E_MAC \+ [\d,]+ SOPs x E_AC = \d+\.\d{3} µJ", after);

        var report = SpikeStatisticsFile.Read(
            Path.Combine(work.Path, "summaries", "r18cw-CIFAR10-step2.pth.tar", SpikeStatisticsFile.FileName)
        );
        GoldenSpikeStatistics.AssertEqualsReferenceHookCount(report);
        // The table is in the log file too.
        var logged = File.ReadAllText(Assert.Single(Directory.GetFiles(Path.Combine(work.Path, "log"), "train-*")));
        Assert.Contains("spike statistics: 300 samples", logged);
    }
}
