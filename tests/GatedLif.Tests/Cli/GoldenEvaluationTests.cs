using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Cli;

/// <summary>
/// The reference checkpoint in ../shared/golden, evaluated end to end through scripts/gatedlif with the
/// reference's own command line, reports what the reference PyTorch evaluation reported (r18cw.json): top-1 and
/// top-5 exactly, the loss within the file's tolerance, since libtorch picks other CPU kernels on other processors
/// and a membrane value near the threshold can land on the other side (PyTorch itself prints the losses of
/// <c>loss_by_processor</c>).
/// </summary>
public sealed partial class GoldenEvaluationTests
{
    [GeneratedRegex(@"^\[\d\d \d\d:\d\d:\d\d\] TEST Epoch -1: loss = (\d+\.\d{6}),\tTop-1  = (\d\.\d{6}),\tTop-5  = (\d\.\d{6}),\tval_time = \d+\.\d{6}$", RegexOptions.Multiline)]
    private static partial Regex TestLine();

    [Fact]
    public void Golden_checkpoint_evaluates_to_the_reference_numbers()
    {
        using var work = new TempFolder();
        var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Golden, "r18cw.json"))).RootElement;
        var run = CliRun.Start(work.Path,
            "--modeltag", "r18cw-CIFAR10-step2.pth.tar", "--soft-mode", "--eval",
            "--eval-resume", RepoPaths.Golden, "--stand18", "--channel-wise", "--t", "2",
            "--dataset-path", Path.Combine(RepoPaths.Golden, "cifar"));

        Assert.True(run.ExitCode == 0, run.ToString());
        var match = TestLine().Match(run.Stdout);
        Assert.True(match.Success, run.ToString());
        double Number(int group) => double.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);
        double loss = expected.GetProperty("loss").GetDouble(), tolerance = expected.GetProperty("tolerance").GetProperty("loss").GetDouble();
        Assert.InRange(Number(1), loss - tolerance, loss + tolerance);
        Assert.Equal(expected.GetProperty("top1").GetDouble().ToString("F6", CultureInfo.InvariantCulture), match.Groups[2].Value);
        Assert.Equal(expected.GetProperty("top5").GetDouble().ToString("F6", CultureInfo.InvariantCulture), match.Groups[3].Value);

        // The same line goes to ./log/train-<yy><mm><unix time>, with Python's default date format.
        var logFile = Assert.Single(Directory.GetFiles(Path.Combine(work.Path, "log"), "train-*"));
        var logged = File.ReadAllText(logFile);
        Assert.Matches(@"^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}\] TEST Epoch -1: loss = " + Regex.Escape(match.Groups[1].Value), logged);
    }
}
