using System.Globalization;
using GatedLif.Cli.Hosting;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Core.Distributed;

/// <summary>
/// Two ranks train while a thread of each process collects garbage without pause (GATEDLIF_GC_STRESS=0): the
/// condition under which a native handle freed mid-call fails (issue 36's SyncBatchNorm crash, which a plain run
/// meets once in thousands of steps; on TorchSharp's own file the command failed after 8 s and 14 s this
/// way). A CIFAR ResNet with tdBN and ResNet-18MS on ImageNet's layout with BatchNorm, both synchronised, over
/// small data sets, so that a run is a number of epochs: CI runs two per model; <c>GATEDLIF_SOAK_STEPS=N</c> runs
/// as many as make at least N steps per rank (the long soak). Every run must print each step's line, end its last
/// epoch with a test line and print no NNPACK warning (one thread per rank).
/// </summary>
public sealed class MultiRankSoakTests
{
    private const int Ranks = 2;

    /// <summary>The epochs that make the soak's steps, at least two.</summary>
    private static int Epochs(int stepsPerEpoch) =>
        int.TryParse(
            Environment.GetEnvironmentVariable("GATEDLIF_SOAK_STEPS"),
            NumberStyles.None,
            CultureInfo.InvariantCulture,
            out int steps
        )
        && steps > 0
            ? Math.Max(2, (steps + stepsPerEpoch - 1) / stepsPerEpoch)
            : 2;

    private static readonly Dictionary<string, string> Stressed = new() { [GarbageCollectionStress.Variable] = "0" };

    /// <summary>A step takes one to three seconds under the stress on a busy 2-core machine, an epoch's test pass and
    /// checkpoint about as long again.</summary>
    private static TimeSpan Timeout(int steps) => TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(6 * steps);

    [Fact]
    public void A_cifar_resnet_with_synchronised_tdbn_trains_on_two_ranks_under_collections_from_another_thread()
    {
        // 40 training images: 20 per rank, 5 steps of 4.
        const int batch = 4,
            stepsPerEpoch = 5;
        int epochs = Epochs(stepsPerEpoch);
        using var data = new TempFolder();
        TinyCifar.Write(data.Path, perTrainFile: 8, test: 8);
        using var work = new TempFolder();

        var run = Launcher.Run(
            work.Path,
            Ranks,
            Timeout(epochs * stepsPerEpoch),
            Stressed,
            "--stand18",
            "--channel-wise",
            "--soft-mode",
            "--t",
            "2",
            "--width",
            "0.125",
            "--batch-size",
            batch.ToString(),
            "--epochs",
            epochs.ToString(),
            "--display-interval",
            "1",
            "--seed",
            "3",
            "--dataset-path",
            data.Path,
            "--modeltag",
            "soak",
            "--no-download",
            "--device",
            "cpu"
        );

        AssertTrainedCleanly(run, epochs, stepsPerEpoch);
    }

    [Fact]
    public void ImageNet_resnet_18ms_with_sync_batch_norm_trains_on_two_ranks_with_collectives_on_another_thread()
    {
        // 16 training images: 8 per rank, 4 steps of 2.
        const int batch = 2,
            stepsPerEpoch = 4;
        int epochs = Epochs(stepsPerEpoch);
        using var data = new TempFolder();
        TestImages.WriteFolder(Path.Combine(data.Path, "train"), classes: 2, perClass: 8, (40, 34), (30, 44));
        TestImages.WriteFolder(Path.Combine(data.Path, "val"), classes: 2, perClass: 1, (36, 36));
        using var work = new TempFolder();

        var run = Launcher.Run(
            work.Path,
            Ranks,
            Timeout(epochs * stepsPerEpoch),
            Stressed,
            "--imagenet",
            "--MS18",
            "--t",
            "1",
            "--width",
            "0.125",
            "--epochs",
            epochs.ToString(),
            "--batch-size",
            batch.ToString(),
            "--display-interval",
            "1",
            "--seed",
            "3",
            "--train-dir",
            Path.Combine(data.Path, "train"),
            "--val-dir",
            Path.Combine(data.Path, "val"),
            "--modeltag",
            "soak",
            "--device",
            "cpu",
            "-j",
            "1"
        );

        AssertTrainedCleanly(run, epochs, stepsPerEpoch);
    }

    private static void AssertTrainedCleanly(CliRun run, int epochs, int stepsPerEpoch)
    {
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(epochs * stepsPerEpoch, Launcher.TrainLines(run.Stdout).Count);
        Assert.Contains($"TEST Epoch {epochs}:", run.Stdout);
        Assert.DoesNotContain("NNPACK", run.Stderr);
    }
}
