using System.Globalization;
using System.Text.RegularExpressions;
using GatedLif.Cli.Commands;
using GatedLif.Cli.Summaries;
using GatedLif.Tests.Cli.Summaries;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Cli.Commands.TrainPy;

/// <summary>
/// A one-epoch training run through scripts/gatedlif leaves a TensorBoard event file and the GLIF parameter records in
/// ./summaries/{modeltag}/, and <c>plot</c> draws its figures from them and the log.
/// </summary>
[Trait(KernelDependence.Trait, KernelDependence.Dependent)]
public sealed partial class TrainingSummariesRunTests
{
    [GeneratedRegex(@"TEST Epoch (\d+): loss = ([\d.]+),\tTop-1  = ([\d.]+)")]
    private static partial Regex TestLine();

    [GoldenFact]
    public void Training_writes_summaries_and_records_that_plot_turns_into_figures()
    {
        using var data = new TempFolder();
        TinyCifar.Write(data.Path);
        using var work = new TempFolder();
        var train = CliRun.Start(
            work.Path,
            "--stand18",
            "--channel-wise",
            "--soft-mode",
            "--t",
            "1",
            "--width",
            "0.125",
            "--batch-size",
            "8",
            "--epochs",
            "1",
            "--display-interval",
            "2",
            "--tunable-lif",
            "--dataset-path",
            data.Path,
            "--no-download",
            "--modeltag",
            "tiny"
        );
        Assert.True(train.ExitCode == 0, train.ToString());
        var folder = Path.Combine(work.Path, "summaries", "tiny");

        var eventFile = Assert.Single(Directory.GetFiles(folder, "events.out.tfevents.*"));
        var events = EventFileReader.Read(eventFile);
        var values = events.SelectMany(e => e.Values.Select(v => (e.Step, Value: v))).ToList();
        foreach (Match m in TestLine().Matches(train.Stdout))
        {
            int epoch = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            float Scalar(string tag) =>
                Assert.Single(values, v => v.Step == epoch && v.Value.Tag == tag).Value.SimpleValue!.Value;
            Assert.Equal(
                double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture),
                Scalar("Test_Loss_/epoch"),
                1e-5
            );
            Assert.Equal(double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture), Scalar("Top1_of_arch_0"), 1e-5);
            Assert.Equal(Scalar("Top1_of_arch_0"), Scalar("Test_Acc_/epoch"));
            Assert.InRange(Scalar("Top5_of_arch_0"), Scalar("Top1_of_arch_0"), 1);
            Assert.True(Scalar("Train_Loss_/epoch") > 0);
            Assert.True(Scalar("Images_per_second/train") > 0);
            // --tunable-lif: the gates learn at a tenth of the rate.
            Assert.Equal(Scalar("Learning_Rate/others") / 10, Scalar("Learning_Rate/gates"), 6);
        }
        Assert.Single(TestLine().Matches(train.Stdout));
        // Histograms of the initial model (step 0) and after each epoch, for all 8 parameters of all 17 neurons.
        var histograms = values.Where(v => v.Value.Histogram is not null).ToList();
        Assert.Equal(2 * 17 * 8, histograms.Count);
        Assert.Contains(histograms, h =>
            h.Step == 1 && h.Value.Tag == "features.7.lif.conduct" && h.Value.Histogram!.Num == 64
        );

        var records = GlifParameterRecordsFile.Read(Path.Combine(folder, GlifParameterRecordsFile.FileName));
        Assert.Equal("tiny", records.ModelTag);
        Assert.Equal([0, 1], records.Epochs.Select(e => e.Epoch));
        Assert.Equal(["others", "lif", "gates"], records.Epochs[1].LearningRates.Keys);
        Assert.All(records.Epochs, e => Assert.Equal(17, e.Layers.Count));
        // Training moved the gates (of the layers that received a gradient in the epoch's three steps).
        Assert.Contains(Enumerable.Range(0, 17), i =>
            !records
                .Epochs[0]
                .Layers[i]
                .Parameters["alpha"]
                .Raw.SequenceEqual(records.Epochs[1].Layers[i].Parameters["alpha"].Raw)
        );

        var checkpoint = Assert.Single(
            Directory.GetFiles(Path.Combine(work.Path, "raw", "models"), "tiny-checkpoint-*")
        );
        var inspect = CliRun.Start(work.Path, "inspect", checkpoint);
        Assert.True(inspect.ExitCode == 0, inspect.ToString());
        Assert.Contains("flags: --stand18 --channel-wise --t 1 --width 0.125", inspect.Stdout);
        Assert.Contains("training state: after epoch 1, best top-1 ", inspect.Stdout);

        var plot = CliRun.Start(work.Path, "plot", "--modeltag", "tiny");
        Assert.True(plot.ExitCode == 0, plot.ToString());
        foreach (
            var (name, width, height) in new[]
            {
                (PlotCommand.Distributions, 2000, 1100),
                (PlotCommand.Evolution, 1800, 1500),
                (PlotCommand.Curves, 1800, 520),
            }
        )
        {
            var path = Path.Combine(work.Path, "figures", "tiny", name);
            var png = PngContent.Read(path);
            Assert.Equal((width, height), (png.Width, png.Height));
            png.AssertDrawn(path);
        }
    }
}
