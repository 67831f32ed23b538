using System.Globalization;
using System.Text.RegularExpressions;
using GatedLif.Checkpoints;
using GatedLif.Data.Datasets.Dvs;
using GatedLif.Data.Download;
using GatedLif.Statistics;
using GatedLif.Tests.Cli.Summaries;
using GatedLif.Tests.Data.Datasets.Dvs;
using GatedLif.Tests.Data.Download;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Cli.Commands.Dvs;

/// <summary>
/// The <c>dvs</c> command end to end on a tiny data set of event files the test writes; its usage errors through the
/// entry point in-process, and one failure (a data folder relative to the working folder) as a process.
/// </summary>
[Trait(KernelDependence.Trait, KernelDependence.Dependent)]
public sealed class DvsCommandTests
{
    [Fact]
    public void Builds_the_frame_cache_trains_one_epoch_and_evaluates_the_checkpoint()
    {
        using var temp = new TempFolder();
        var data = Path.Combine(temp.Path, "CIFAR10DVS");
        AedatFixture.WriteDataSet(data, ["bird", "airplane"], 11, seed: 5);

        var run = CliRun.Start(
            temp.Path,
            "dvs",
            "-model",
            "SEWResNet_GLIF_dsr",
            "-cnf",
            "ADD",
            "--dsr_da",
            "-T",
            "2",
            "-b",
            "4",
            "-epochs",
            "1",
            "-j",
            "2",
            "-data_dir",
            data,
            "-out_dir",
            "logs",
            "-device",
            "cpu",
            "-lr",
            "0.01",
            "-amp"
        );
        Assert.True(run.ExitCode == 0, run.ToString());

        var cache = Path.Combine(data, "frames_number_2_split_by_number");
        Assert.Equal(11, Directory.GetFiles(Path.Combine(cache, "airplane"), "*.npz").Length);
        Assert.True(File.Exists(Path.Combine(cache, "bird", "cifar10_bird_10.npz")));
        Assert.Contains("epoch=0, train_loss=", run.Stdout);
        Assert.Contains("max_test_acc=", run.Stdout);
        // -amp on the CPU: torch.cuda.amp's warning, float32 training, and the reference's "_amp" folder name.
        Assert.Contains("-amp: CUDA is not in use", run.Stdout);

        // The reference's SummaryWriter(out_dir/logs): train_loss, train_acc, test_loss, test_acc at step = epoch.
        var events = EventFileReader.Read(
            Assert.Single(
                Directory.GetFiles(
                    Path.Combine(
                        temp.Path,
                        "logs",
                        "SEWResNet_GLIF_dsr_ADD_T_2_T_train_None_SGD_lr_0.01_CosALR_64_amp",
                        "logs"
                    ),
                    "events.out.tfevents.*"
                )
            )
        );
        var scalars = events.SelectMany(e => e.Values.Select(v => (e.Step, v.Tag, v.SimpleValue))).ToList();
        var testLoss = double.Parse(
            Regex.Match(run.Stdout, @"test_loss=([0-9.]+)").Groups[1].Value,
            CultureInfo.InvariantCulture
        );
        Assert.Equal(testLoss, Assert.Single(scalars, s => s.Tag == "test_loss" && s.Step == 0).SimpleValue!.Value, 5);
        Assert.Equal(["test_acc", "test_loss", "train_acc", "train_loss"], scalars.Select(s => s.Tag).Order());

        var pt = Path.Combine(
            temp.Path,
            "logs",
            "SEWResNet_GLIF_dsr_ADD_T_2_T_train_None_SGD_lr_0.01_CosALR_64_amp_pt"
        );
        var latest = Path.Combine(pt, "checkpoint_latest.pth");
        using (var checkpoint = TorchCheckpointReader.Read(latest, "net"))
        {
            Assert.Equal(0, Convert.ToInt32(checkpoint.Extra["epoch"]));
            Assert.Contains("optimizer", checkpoint.Extra.Keys);
            Assert.Contains("lr_scheduler", checkpoint.Extra.Keys);
            Assert.Contains("max_test_acc", checkpoint.Extra.Keys);
            Assert.Equal(TorchSharp.torch.ScalarType.Float64, checkpoint.StateDict["conv.0.1.alpha"].dtype);
        }

        var eval = CliRun.Start(
            temp.Path,
            "dvs",
            "-model",
            "SEWResNet_GLIF_dsr",
            "-cnf",
            "ADD",
            "--dsr_da",
            "-T",
            "2",
            "-b",
            "4",
            "-data_dir",
            data,
            "-device",
            "cpu",
            "--eval",
            "-resume",
            latest,
            "--spike-stats",
            "--conv-impl",
            "spike"
        );
        Assert.True(eval.ExitCode == 0, eval.ToString());
        Assert.True(
            Regex.IsMatch(
                eval.Stdout,
                @"test_loss=\d+\.\d{6}, test_acc=\d\.\d{6}\nspike statistics: 2 samples, T = 2, numbers per sample\n"
            ),
            eval.ToString()
        );
        Assert.Contains("already exists", eval.Stdout);
        // The test split (one recording of each class), counted into the folder the run's name gives (default -lr, no
        // -amp).
        var report = SpikeStatisticsFile.Read(
            Path.Combine(
                temp.Path,
                "logs",
                "SEWResNet_GLIF_dsr_ADD_T_2_T_train_None_SGD_lr_0.1_CosALR_64",
                SpikeStatisticsFile.FileName
            )
        );
        Assert.Equal(2, report.Samples);
        Assert.Equal("conv.0.0.0", report.Layers[0].Layer);
        Assert.InRange(report.Totals.FiringRate, 0, 1);
    }

    /// <summary>
    /// The PLIF baseline end to end: per-class archives in data_dir/download (small real zips of real recordings,
    /// described to the downloader by their MD5s) are verified and extracted, the frames built, the split cached in
    /// -dts_cache, and the network trains on a sorted random 1 of T = 2 frames per batch (-T_train) to a checkpoint
    /// whose keys are the reference's SEWResNet keys; --eval evaluates it on all frames.
    /// </summary>
    [GoldenFact]
    public void Plif_baseline_trains_from_archives_on_fewer_frames_and_evaluates()
    {
        using var temp = new TempFolder();
        var data = Path.Combine(temp.Path, "CIFAR10DVS");
        var zips = new[] { "bird", "ship" }
            .Select((c, i) => (c, i))
            .ToDictionary(
                p => p.c + ".zip",
                p =>
                    DvsArchiveFixture.Zip(
                        p.c,
                        0,
                        Enumerable
                            .Range(0, 10)
                            .Select(k =>
                                (
                                    $"{p.c}/cifar10_{p.c}_{k}.aedat",
                                    AedatFixture.Bytes(AedatFixture.RandomEvents(new Random(10 * p.i + k)))
                                )
                            )
                    )
            );
        Directory.CreateDirectory(Path.Combine(data, Cifar10DvsDownloader.DownloadFolderName));
        foreach (var (name, bytes) in zips)
            File.WriteAllBytes(Path.Combine(data, Cifar10DvsDownloader.DownloadFolderName, name), bytes);
        Cifar10DvsDownloader.EnsureEvents(
            data,
            2,
            FrameSplit.Number,
            allowDownload: false,
            archives: DvsArchiveFixture.Describing(zips)
        );

        var run = CliRun.Start(
            temp.Path,
            "dvs",
            "-model",
            "SEWResNet",
            "-cnf",
            "ADD",
            "-T",
            "2",
            "-T_train",
            "1",
            "-b",
            "4",
            "-epochs",
            "1",
            "-j",
            "2",
            "-data_dir",
            data,
            "-out_dir",
            "logs",
            "-device",
            "cpu",
            "-dts_cache",
            "cache",
            "--no-download"
        );
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(File.Exists(Path.Combine(temp.Path, "cache", "split_T_2.json")));
        var latest = Path.Combine(
            temp.Path,
            "logs",
            "SEWResNet_ADD_T_2_T_train_1_SGD_lr_0.1_CosALR_64_pt",
            "checkpoint_latest.pth"
        );
        using (var checkpoint = TorchCheckpointReader.Read(latest, "net"))
            Assert.Equal(
                GoldenKeyList.Read("SEWResNet-PLIF.txt").Shapes().Keys.Order(),
                checkpoint.StateDict.Keys.Order()
            );

        var eval = CliRun.Start(
            temp.Path,
            "dvs",
            "-model",
            "SEWResNet",
            "-cnf",
            "ADD",
            "-T",
            "2",
            "-b",
            "4",
            "-data_dir",
            data,
            "-device",
            "cpu",
            "-dts_cache",
            "cache",
            "--eval",
            "-resume",
            latest,
            "--spike-stats"
        );
        Assert.True(eval.ExitCode == 0, eval.ToString());
        Assert.Matches(@"test_loss=\d+\.\d{6}, test_acc=\d\.\d{6}", eval.Stdout);
        // The PLIF neurons are counted with their own per-step operations, every one of the 16 spiking layers.
        var report = SpikeStatisticsFile.Read(
            Path.Combine(
                temp.Path,
                "logs",
                "SEWResNet_ADD_T_2_T_train_None_SGD_lr_0.1_CosALR_64",
                SpikeStatisticsFile.FileName
            )
        );
        var neurons = report.Layers.Where(l => l.Neurons is not null).ToList();
        Assert.Equal(16, neurons.Count);
        Assert.All(neurons, l => Assert.Equal("PLIF", l.Kind));
        Assert.Equal(new GatedLif.Neurons.UpdateOperations(1, 2), neurons[0].Neurons!.Update);
    }

    [Theory]
    [InlineData("-model is required", "-cnf", "ADD")]
    [InlineData("needs --dsr_da", "-model", "SEWResNet_GLIF_dsr", "-cnf", "ADD")]
    [InlineData("-cnf XOR", "-model", "SEWResNet_vanillaLIF", "-cnf", "XOR")]
    [InlineData("-T_train 9", "-model", "SEWResNet", "-cnf", "ADD", "-T", "8", "-T_train", "9")]
    [InlineData("-T_train 4", "-model", "SEWResNet_GLIF_dsr", "--dsr_da", "-cnf", "ADD", "-T", "8", "-T_train", "4")]
    [InlineData("ambiguous option: -T_m", "-model", "SEWResNet", "-cnf", "ADD", "-T_m", "4")]
    [InlineData("-j must be at least 0 (got -1)", "-model", "SEWResNet", "-cnf", "ADD", "-j", "-1")]
    [InlineData(
        "-opt must be one of SGD, Adam (got 'RMSprop')",
        "-model",
        "SEWResNet",
        "-cnf",
        "ADD",
        "-opt",
        "RMSprop"
    )]
    [InlineData("-T must be at least 1 (got 0)", "-model", "SEWResNet", "-cnf", "ADD", "-T", "0")]
    public void Bad_command_lines_are_usage_errors_with_one_clear_message(string message, params string[] args)
    {
        var run = CliRun.InProcess(["dvs", .. args]);
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(message, run.Stderr);
    }

    [Fact]
    public void A_data_folder_without_recordings_fails_with_one_clear_message()
    {
        using var temp = new TempFolder();
        var run = CliRun.Start(
            temp.Path,
            "dvs",
            "-model",
            "SEWResNet_vanillaLIF",
            "-cnf",
            "ADD",
            "-data_dir",
            "no-such-folder",
            "-device",
            "cpu",
            "--no-download"
        );
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("holds no CIFAR10-DVS recordings", run.Stderr);
    }
}
