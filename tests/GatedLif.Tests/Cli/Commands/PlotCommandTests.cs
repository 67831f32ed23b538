using GatedLif.Cli.Commands;
using GatedLif.Cli.Summaries;
using GatedLif.Statistics;
using GatedLif.Tests.Core.Statistics;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Cli.Commands;

/// <summary>
/// <c>gatedlif plot</c>: the figures of a checkpoint and of a run's records and log, under the working folder, as a
/// process; a spike statistics file's figure, beside the file, and its errors through the entry point in-process.
/// </summary>
[Trait(KernelDependence.Trait, KernelDependence.Dependent)]
public sealed class PlotCommandTests
{
    [GoldenFact]
    public void A_checkpoint_alone_gives_the_distribution_figure()
    {
        using var work = new TempFolder();
        var run = CliRun.Start(
            work.Path,
            "plot",
            "--checkpoint",
            Path.Combine(RepoPaths.Golden, "r18cw-CIFAR10-step2.pth.tar")
        );
        Assert.True(run.ExitCode == 0, run.ToString());
        var figure = Path.Combine(work.Path, "figures", "r18cw-CIFAR10-step2.pth.tar", PlotCommand.Distributions);
        Assert.Contains(PlotCommand.Distributions, run.Stdout);
        var png = PngContent.Read(figure);
        Assert.Equal((2000, 1100), (png.Width, png.Height));
        png.AssertDrawn(figure);
    }

    [Fact]
    public void A_runs_records_and_log_give_the_three_figures()
    {
        using var work = new TempFolder();
        GlifParameterRecordsFile.Write(
            Path.Combine(work.Path, "summaries", "resnet18", GlifParameterRecordsFile.FileName),
            SampleGlifRecords.ResNet18()
        );
        var log = work.File("train.log");
        File.WriteAllLines(
            log,
            [
                "Train Epoch: 1 [0/320 (0%)]\tLoss: 2.302408\tTop-1 = 0.043750\tTop-5 = 0.125000\tTime = 2.0",
                "Train Epoch: 1 [160/320 (50%)]\tLoss: 1.500000\tTop-1 = 0.400000\tTop-5 = 0.900000\tTime = 9.0",
                "TEST Epoch 1: loss = 1.250000,\tTop-1  = 0.550000,\tTop-5  = 0.950000,\tval_time = 70.178431",
                "Train Epoch: 2 [0/320 (0%)]\tLoss: 1.302408\tTop-1 = 0.043750\tTop-5 = 0.125000\tTime = 2.0",
                "TEST Epoch 2: loss = 1.050000,\tTop-1  = 0.650000,\tTop-5  = 0.970000,\tval_time = 70.178431",
            ]
        );

        var run = CliRun.Start(work.Path, "plot", "--modeltag", "resnet18", "--log", log);

        Assert.True(run.ExitCode == 0, run.ToString());
        foreach (
            var (name, width, height) in new[]
            {
                (PlotCommand.Distributions, 2000, 1100),
                (PlotCommand.Evolution, 1800, 1500),
                (PlotCommand.Curves, 1800, 520),
            }
        )
        {
            var path = Path.Combine(work.Path, "figures", "resnet18", name);
            Assert.Contains(path.Replace(work.Path + "/", ""), run.Stdout);
            var png = PngContent.Read(path);
            Assert.Equal((width, height), (png.Width, png.Height));
            png.AssertDrawn(path);
        }
    }

    [Fact]
    public void Missing_records_are_one_clear_error_and_write_nothing()
    {
        using var work = new TempFolder();
        var run = CliRun.Start(work.Path, "plot", "--modeltag", "absent");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains(Path.Combine("absent", "glif-params.json"), run.Stderr);
        Assert.False(Directory.Exists(Path.Combine(work.Path, "figures")));
    }

    [Fact]
    public void A_spike_statistics_file_gives_its_figure_beside_it()
    {
        using var work = new TempFolder();
        var path = work.File("run", SpikeStatisticsFile.FileName);
        SpikeStatisticsFile.Write(path, HandCountedNet.CountedReport());
        var run = CliRun.InProcess("plot", "--spike-stats", path);
        Assert.True(run.ExitCode == 0, run.ToString());
        var figure = Path.Combine(work.Path, "run", PlotCommand.SpikeStats);
        Assert.Contains(figure, run.Stdout);
        var png = PngContent.Read(figure);
        Assert.Equal((1400, 2100), (png.Width, png.Height));
        png.AssertDrawn(figure);
    }

    [Fact]
    public void A_missing_or_foreign_spike_statistics_file_is_one_clear_error_and_draws_nothing()
    {
        using var work = new TempFolder();
        var missing = Path.Combine(work.Path, "absent", SpikeStatisticsFile.FileName);
        var run = CliRun.InProcess("plot", "--spike-stats", missing);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains(missing, run.Stderr);

        var foreign = work.File("run", SpikeStatisticsFile.FileName);
        File.WriteAllText(foreign, "{\"format\": \"gatedlif-glif-params-1\"}");
        run = CliRun.InProcess("plot", "--spike-stats", foreign);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains(foreign, run.Stderr);
        Assert.Empty(Directory.GetFiles(work.Path, "*.png", SearchOption.AllDirectories));
    }
}
