using GatedLif.Tests.TestSupport;
using GatedLif.Training.Checkpointing;

namespace GatedLif.Tests.Cli.Commands.TrainPy;

/// <summary>
/// Resuming through scripts/gatedlif on a tiny data set, as a user meets it: a run killed with SIGKILL and resumed
/// with --auto-continue, a run asked for more epochs, a finished run, and a checkpoint without training state. The
/// engine's own resume rules are tested in-process (TrainerTests).
/// </summary>
[Trait(KernelDependence.Trait, KernelDependence.Dependent)]
public sealed class TrainingRunTests
{
    private const string Tag = "tiny";

    private static string[] Flags(string dataset, int epochs, int seed = 9) =>
        [
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
            epochs.ToString(),
            "--display-interval",
            "1",
            "--seed",
            seed.ToString(),
            "--dataset-path",
            dataset,
            "--modeltag",
            Tag,
            "--no-download",
        ];

    private static string ResumePoint(string work, int epoch) =>
        Path.Combine(work, "raw", "models", CheckpointNames.ResumeSubfolder, CheckpointNames.FileName(Tag, epoch));

    [GoldenFact]
    public void A_run_killed_mid_training_resumes_to_the_same_weights_as_one_never_stopped()
    {
        using var data = new TempFolder();
        TinyCifar.Write(data.Path);
        const int epochs = 2;

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
            while (!File.Exists(ResumePoint(killed.Path, 1)) && !process.HasExited && DateTime.UtcNow < deadline)
                Thread.Sleep(10);
            // SIGKILL: no handler runs, as with a power cut or the OOM killer.
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        var resumed = CliRun.Start(killed.Path, [.. Flags(data.Path, epochs), "--auto-continue"]);
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Matches(@"load from checkpoint, the epoch is [12]", resumed.Stdout);
        CheckpointAssert.Same(ResumePoint(straight.Path, epochs), ResumePoint(killed.Path, epochs));
    }

    [GoldenFact]
    public void Resuming_from_a_weights_only_checkpoint_is_refused_clearly()
    {
        using var work = new TempFolder();
        var models = Path.Combine(work.Path, "raw", "models");
        Directory.CreateDirectory(models);
        File.Copy(
            Path.Combine(RepoPaths.Golden, "r18cw-CIFAR10-step2.pth.tar"),
            Path.Combine(models, "r18cw-checkpoint-000005.pth.tar")
        );
        using var data = new TempFolder();
        TinyCifar.Write(data.Path);
        var run = CliRun.Start(
            work.Path,
            "--stand18",
            "--channel-wise",
            "--soft-mode",
            "--t",
            "2",
            "--epochs",
            "6",
            "--modeltag",
            "r18cw",
            "--auto-continue",
            "--dataset-path",
            data.Path,
            "--no-download"
        );
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("r18cw-checkpoint-000005.pth.tar", run.Stderr);
        Assert.Contains("cannot be resumed", run.Stderr);
    }

    [GoldenFact]
    public void A_finished_run_has_nothing_to_do_and_more_epochs_follow_the_new_schedule()
    {
        using var data = new TempFolder();
        TinyCifar.Write(data.Path);
        using var work = new TempFolder();
        Assert.Equal(0, CliRun.Start(work.Path, Flags(data.Path, 1)).ExitCode);

        var again = CliRun.Start(work.Path, [.. Flags(data.Path, 1), "--auto-continue"]);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("nothing to do: trained to epoch 1 of 1", again.Stdout);
        Assert.DoesNotContain("Train Epoch", again.Stdout);

        var more = CliRun.Start(work.Path, [.. Flags(data.Path, 2), "--auto-continue"]);
        Assert.True(more.ExitCode == 0, more.ToString());
        Assert.Contains(
            "--epochs changed from 1 to 2: the cosine schedule now runs to epoch 2 (learning rate for epoch 2: "
                + "[0.05, 0.05])",
            more.Stdout
        );
        Assert.Contains("and lr now is [0.05, 0.05]", more.Stdout);
    }
}
