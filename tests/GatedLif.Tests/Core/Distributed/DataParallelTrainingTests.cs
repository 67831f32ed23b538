using System.Diagnostics;
using GatedLif.Tests.TestSupport;
using GatedLif.Training.Checkpointing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace GatedLif.Tests.Core.Distributed;

/// <summary>
/// Data-parallel training through the launcher: N ranks with --batch-size B train exactly as one rank with N·B
/// (averaged gradients, synchronised BatchNorm) where the samples per step are the same (ImageNet's loader), CIFAR
/// ranks take train.py's DistributedSampler shards, and a multi-rank run resumes.
/// </summary>
[Trait(KernelDependence.Trait, KernelDependence.Dependent)]
public sealed class DataParallelTrainingTests
{
    private const string Tag = "ddp";

    private static string[] CifarFlags(string dataset, int batchSize, int epochs) =>
        [
            "--stand18",
            "--channel-wise",
            "--soft-mode",
            "--t",
            "2",
            "--width",
            "0.125",
            "--batch-size",
            batchSize.ToString(),
            "--epochs",
            epochs.ToString(),
            "--display-interval",
            "1",
            "--seed",
            "5",
            "--learning-rate",
            "0.05",
            "--dataset-path",
            dataset,
            "--modeltag",
            Tag,
            "--no-download",
            "--device",
            "cpu",
        ];

    private static string ResumePoint(string work, int epoch) =>
        Path.Combine(work, "raw", "models", CheckpointNames.ResumeSubfolder, CheckpointNames.FileName(Tag, epoch));

    [GoldenFact]
    public void Two_ranks_train_cifar_on_distributed_sampler_shards_without_the_last_partial_batch()
    {
        using var data = new TempFolder();
        // 20 training images: 10 per rank, batch 4: two full steps, the partial third dropped as train.py's
        // multi-GPU loader does (drop_last=True). Which samples a rank gets is CifarBatchSourceTests' concern.
        TinyCifar.Write(data.Path, perTrainFile: 4, test: 6);
        using var pair = new TempFolder();

        var two = Launcher.Run(pair.Path, 2, CifarFlags(data.Path, 4, 1));

        Assert.True(two.ExitCode == 0, two.ToString());
        Assert.Equal(2, Launcher.TrainLines(two.Stdout).Count);
        Assert.True(File.Exists(ResumePoint(pair.Path, 1)));
    }

    [Fact]
    public void Two_ranks_train_an_imagenet_resnet_with_synchronised_batch_norm_as_one_rank_with_the_doubled_batch()
    {
        using var data = new TempFolder();
        // Ranks take DistributedSampler's shards and draw their crops from the same worker seeds, as train.py's do,
        // so they see what one process sees only when each step holds the whole training set and crops change no
        // pixel: 2 images of one colour each (2 classes; colours near the ImageNet mean keep the statistics, and so
        // their float rounding, small), 1 step per epoch, of 2 for one rank, of 1 on each of two
        // ranks. BatchNorm statistics over one image per rank differ from those over the pair unless synchronised.
        // Two ranks differ from one process only in the order of float additions in the averaged gradients (the
        // synchronised BatchNorm's output is bit-identical); a spiking network turns such a last-bit difference into
        // a different spike only when a membrane potential sits that close to its threshold.
        WriteOneColour(Path.Combine(data.Path, "train", "n00000000", "a.png"), 40, 30, new Rgb24(150, 100, 90));
        WriteOneColour(Path.Combine(data.Path, "train", "n00000001", "b.png"), 30, 44, new Rgb24(100, 135, 120));
        TestImages.WriteFolder(Path.Combine(data.Path, "val"), classes: 2, perClass: 1, (36, 36));
        string[] Flags(int batchSize) =>
            [
                "--imagenet",
                "--MS18",
                "--t",
                "1",
                "--width",
                "0.125",
                "--epochs",
                "2",
                "--batch-size",
                batchSize.ToString(),
                "--display-interval",
                "1",
                "--seed",
                "1",
                "--learning-rate",
                "0.05",
                "--train-dir",
                Path.Combine(data.Path, "train"),
                "--val-dir",
                Path.Combine(data.Path, "val"),
                "--modeltag",
                Tag,
                "--device",
                "cpu",
                "-j",
                "1",
            ];
        using var single = new TempFolder();
        using var pair = new TempFolder();

        var one = Launcher.Run(single.Path, 1, Flags(2));
        var two = Launcher.Run(pair.Path, 2, Flags(1));

        Assert.True(one.ExitCode == 0, one.ToString());
        Assert.True(two.ExitCode == 0, two.ToString());
        Assert.Equal(2, Launcher.TrainLines(two.Stdout).Count);
        CheckpointAssert.Close(ResumePoint(single.Path, 2), ResumePoint(pair.Path, 2), 1e-5);
    }

    private static void WriteOneColour(string path, int width, int height, Rgb24 colour)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var image = new Image<Rgb24>(width, height, colour);
        image.SaveAsPng(path);
    }

    [GoldenFact]
    public void A_two_rank_run_stopped_mid_epoch_resumes_on_both_ranks_to_the_weights_of_an_uninterrupted_one()
    {
        using var data = new TempFolder();
        // 200 images: 25 steps per rank and epoch, so the stop lands inside epoch 2.
        TinyCifar.Write(data.Path, perTrainFile: 40, test: 6);
        using var straight = new TempFolder();
        using var stopped = new TempFolder();
        var flags = CifarFlags(data.Path, 4, 3);

        Assert.Equal(0, Launcher.Run(straight.Path, 2, flags).ExitCode);
        using (var job = Launcher.Start(stopped.Path, 2, flags))
        {
            Assert.NotNull(Launcher.ReadUntil(job, l => l.StartsWith("Train Epoch: 2 [", StringComparison.Ordinal)));
            Process.Start("kill", ["-TERM", job.Id.ToString()])!.WaitForExit();
            job.StandardOutput.ReadToEnd();
            Assert.True(job.WaitForExit(TimeSpan.FromSeconds(30)));
            Assert.NotEqual(0, job.ExitCode);
        }
        Assert.False(File.Exists(ResumePoint(stopped.Path, 3)));
        var resumed = Launcher.Run(stopped.Path, 2, [.. flags, "--auto-continue"]);

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains("load from checkpoint, the epoch is 1", resumed.Stdout);
        Assert.DoesNotContain("Train Epoch: 1 ", resumed.Stdout);
        CheckpointAssert.Same(ResumePoint(straight.Path, 3), ResumePoint(stopped.Path, 3));
    }

    [Fact]
    public void The_collectives_check_passes_on_two_ranks()
    {
        using var work = new TempFolder();
        var run = Launcher.Run(work.Path, 2, "collectives-check");

        Assert.True(run.ExitCode == 0, run.ToString());
        foreach (int rank in new[] { 0, 1 })
            Assert.Contains(
                $"rank {rank}/2 on cpu over MPI (MPICH): all-reduce sum ok, mean ok, broadcast ok, barrier ok",
                run.Stdout
            );
    }
}
