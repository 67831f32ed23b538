using GatedLif.Cli.Commands.Dvs;
using GatedLif.Cli.Hosting;
using GatedLif.Tests.Data.Datasets.Dvs;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.FrontEnds;

/// <summary>cifar10dvs/train.py's front-end in-process: resuming with a longer -epochs and -T_max.</summary>
[Collection(SerialTorchRandom.Name)]
public sealed class DvsResumeTests
{
    /// <summary>-epochs 1 -T_max 1, then -epochs 2 -T_max 2 -resume: epoch 1 trains at the rate of a straight
    /// -epochs 2 -T_max 2 run, and the run ends with its weights, Adam moments and schedule, bit for bit.</summary>
    [Fact]
    public void Resuming_with_a_longer_schedule_ends_where_a_straight_run_does()
    {
        using var temp = new TempFolder();
        var data = Path.Combine(temp.Path, "CIFAR10DVS");
        AedatFixture.WriteDataSet(data, ["bird", "airplane"], 11, seed: 3);
        string[] Flags(string outDir, int epochs) =>
            [
                "-model",
                "SEWResNet_vanillaLIF",
                "-cnf",
                "ADD",
                "-T",
                "2",
                "-b",
                "4",
                "-j",
                "2",
                "-opt",
                "Adam",
                "-lr",
                "0.01",
                "-epochs",
                epochs.ToString(),
                "-T_max",
                epochs.ToString(),
                "-data_dir",
                data,
                "-out_dir",
                outDir,
                "-device",
                "cpu",
            ];
        var commandLine = new DvsCommandLine();
        var console = new CliConsole(
            TextWriter.Synchronized(new StringWriter()),
            TextWriter.Synchronized(new StringWriter())
        );
        var straight = Path.Combine(temp.Path, "straight");
        DvsRun.Train(commandLine.Parse(Flags(straight, 2)), console);

        var resumed = Path.Combine(temp.Path, "resumed");
        var first = commandLine.Parse(Flags(resumed, 1));
        DvsRun.Train(first, console);
        var latest = Path.Combine(DvsRun.RunFolder(first) + "_pt", "checkpoint_latest.pth");
        var more = commandLine.Parse([.. Flags(resumed, 2), "-resume", latest]);
        DvsRun.Train(more, console);

        CheckpointAssert.SameTrainingState(
            Path.Combine(DvsRun.RunFolder(commandLine.Parse(Flags(straight, 2))) + "_pt", "checkpoint_latest.pth"),
            Path.Combine(DvsRun.RunFolder(more) + "_pt", "checkpoint_latest.pth"),
            "net"
        );
    }
}
