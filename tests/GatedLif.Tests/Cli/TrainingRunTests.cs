using System.Text.RegularExpressions;
using GatedLif.Checkpoints;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Cli;

/// <summary>Training through scripts/gatedlif on a tiny data set: repeatability, checkpoints and exact resume.</summary>
public sealed partial class TrainingRunTests
{
    private const string Tag = "tiny";

    private static string[] Flags(string dataset, int epochs, int seed = 9) =>
    [
        "--stand18", "--channel-wise", "--soft-mode", "--t", "1", "--width", "0.125", "--batch-size", "8",
        "--epochs", epochs.ToString(), "--display-interval", "1", "--seed", seed.ToString(),
        "--dataset-path", dataset, "--modeltag", Tag, "--no-download",
    ];

    [GeneratedRegex(@"^Train Epoch: .*Loss: (\S+)\t", RegexOptions.Multiline)]
    private static partial Regex TrainLoss();

    private static List<string> Losses(CliRun run) => TrainLoss().Matches(run.Stdout).Select(m => m.Groups[1].Value).ToList();

    private static string ResumePoint(string work, int epoch) =>
        Path.Combine(work, "raw", "models", CheckpointNames.ResumeSubfolder, CheckpointNames.FileName(Tag, epoch));

    [Fact]
    public void Same_seed_gives_the_same_losses_and_a_different_seed_does_not()
    {
        using var data = new TempFolder();
        TinyCifar.Write(data.Path);
        using var a = new TempFolder();
        using var b = new TempFolder();
        using var c = new TempFolder();
        var first = CliRun.Start(a.Path, Flags(data.Path, 1));
        var second = CliRun.Start(b.Path, Flags(data.Path, 1));
        var other = CliRun.Start(c.Path, Flags(data.Path, 1, seed: 10));
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(5, Losses(first).Count);
        Assert.Equal(Losses(first), Losses(second));
        Assert.NotEqual(Losses(first), Losses(other));
        Assert.Matches(@"(?m)^Train Epoch: 1 \[8/40 \(20%\)\]\tLoss: \d\.\d{6}\tTop-1 = \d\.\d{6}\tTop-5 = \d\.\d{6}\tTime = \d+\.\d{6}$", first.Stdout);
        Assert.Matches(@"(?m)^\[\d\d \d\d:\d\d:\d\d\] TEST Epoch 1: loss = ", first.Stdout);
        Assert.Contains("and lr now is [0.1, 0.1]", first.Stdout);
    }

    [Fact]
    public void A_run_killed_mid_training_resumes_to_the_same_weights_as_one_never_stopped()
    {
        using var data = new TempFolder();
        TinyCifar.Write(data.Path);
        const int epochs = 4;

        using var straight = new TempFolder();
        var full = CliRun.Start(straight.Path, Flags(data.Path, epochs));
        Assert.True(full.ExitCode == 0, full.ToString());
        Assert.True(File.Exists(ResumePoint(straight.Path, epochs)), full.ToString());
        Assert.False(File.Exists(ResumePoint(straight.Path, epochs - 1)), "older resume points are removed");

        using var killed = new TempFolder();
        using (var process = CliRun.StartProcess(killed.Path, Flags(data.Path, epochs)))
        {
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            var deadline = DateTime.UtcNow.AddMinutes(5);
            while (!File.Exists(ResumePoint(killed.Path, 2)) && !process.HasExited && DateTime.UtcNow < deadline)
                Thread.Sleep(10);
            // SIGKILL: no handler runs, as with a power cut or the OOM killer.
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        var resumed = CliRun.Start(killed.Path, [.. Flags(data.Path, epochs), "--auto-continue"]);
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Matches(@"load from checkpoint, the epoch is [1-4]", resumed.Stdout);
        CheckpointAssert.Same(ResumePoint(straight.Path, epochs), ResumePoint(killed.Path, epochs));
    }

    [Fact]
    public void Resuming_from_a_best_checkpoint_written_before_the_cosine_step_is_exact_too()
    {
        using var data = new TempFolder();
        TinyCifar.Write(data.Path);
        using var straight = new TempFolder();
        Assert.Equal(0, CliRun.Start(straight.Path, Flags(data.Path, 2)).ExitCode);
        var best = Directory.GetFiles(Path.Combine(straight.Path, "raw", "models"), $"{Tag}-checkpoint-*.pth.tar").Order().First();
        Assert.Equal(1, CheckpointNames.EpochOf(best));

        using var resumedWork = new TempFolder();
        var models = Path.Combine(resumedWork.Path, "raw", "models");
        Directory.CreateDirectory(models);
        File.Copy(best, Path.Combine(models, Path.GetFileName(best)));
        var resumed = CliRun.Start(resumedWork.Path, [.. Flags(data.Path, 2), "--auto-continue"]);
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains("load from checkpoint, the epoch is 1", resumed.Stdout);
        Assert.DoesNotContain("TEST Epoch 1:", resumed.Stdout);
        CheckpointAssert.Same(ResumePoint(straight.Path, 2), ResumePoint(resumedWork.Path, 2));
    }

    [Fact]
    public void Resuming_from_a_weights_only_checkpoint_is_refused_clearly()
    {
        using var work = new TempFolder();
        var models = Path.Combine(work.Path, "raw", "models");
        Directory.CreateDirectory(models);
        File.Copy(Path.Combine(RepoPaths.Golden, "r18cw-CIFAR10-step2.pth.tar"), Path.Combine(models, "r18cw-checkpoint-000005.pth.tar"));
        using var data = new TempFolder();
        TinyCifar.Write(data.Path);
        var run = CliRun.Start(work.Path, "--stand18", "--channel-wise", "--soft-mode", "--t", "2", "--epochs", "6",
            "--modeltag", "r18cw", "--auto-continue", "--dataset-path", data.Path, "--no-download");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("r18cw-checkpoint-000005.pth.tar", run.Stderr);
        Assert.Contains("cannot be resumed", run.Stderr);
    }
}
