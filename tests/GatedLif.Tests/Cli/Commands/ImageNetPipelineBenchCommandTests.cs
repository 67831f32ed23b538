using System.Text.RegularExpressions;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Cli.Commands;

/// <summary>The pipeline benchmark runs end to end on a few files it writes, reports its rates and removes the
/// files.</summary>
public sealed class ImageNetPipelineBenchCommandTests
{
    [Fact]
    public void Bench_reports_images_per_second_for_one_and_several_workers()
    {
        using var work = new TempFolder();
        var run = CliRun.Start(work.Path, "bench-imagenet-pipeline", "--images", "4", "-j", "2", "--model-images", "0");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches(new Regex(@"1 worker: \d+\.\d images/s"), run.Stdout);
        Assert.Matches(new Regex(@"2 workers: \d+\.\d images/s"), run.Stdout);
        var folder = Regex.Match(run.Stdout, @"500x375 in (\S+);").Groups[1].Value;
        Assert.False(
            string.IsNullOrEmpty(folder) || Directory.Exists(folder),
            $"the JPEG folder '{folder}' is removed afterwards"
        );
    }
}
