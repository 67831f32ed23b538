using GatedLif.Cli.Summaries;
using GatedLif.Statistics;
using GatedLif.Tests.TestSupport;
using GatedLif.Training;

namespace GatedLif.Tests.Core.Training;

/// <summary>The training engine in-process with train.py's configuration: exact resume, a resumed run that asks
/// for more epochs, resume points, and the fallback past an unreadable checkpoint.</summary>
[Collection(SerialTorchRandom.Name)]
public sealed class TrainerTests
{
    [GoldenFact]
    public void A_run_stopped_and_resumed_ends_with_the_state_of_one_never_stopped()
    {
        using var data = new TempFolder();
        var dataset = TinyTraining.Data(data);
        using var straight = new TempFolder();
        var full = TinyTraining.Run(straight.Path, dataset, epochs: 3);
        Assert.Equal([1, 2, 3], full.Tested);
        Assert.False(File.Exists(TinyTraining.ResumePoint(straight.Path, 2)), "older resume points are removed");

        using var stopped = new TempFolder();
        TinyTraining.Run(stopped.Path, dataset, epochs: 3, stopAt: 2);
        var resumed = TinyTraining.Run(stopped.Path, dataset, epochs: 3, resume: true);
        Assert.Equal(1, resumed.ResumedFrom!.Epoch);
        Assert.False(resumed.ScheduleOnResume!.Changed);
        Assert.Equal([2, 3], resumed.Tested);
        Assert.Equal(full.Rates[2], resumed.Rates[2]);
        CheckpointAssert.SameTrainingState(
            TinyTraining.ResumePoint(straight.Path, 3),
            TinyTraining.ResumePoint(stopped.Path, 3)
        );
    }

    /// <summary>
    /// "Train for more epochs": --epochs 1, then --epochs 2 --auto-continue, trains epoch 2 at the rates of a
    /// straight --epochs 2 run (the cosine horizon follows the new command line, as the reference's resume does), for
    /// each of the three groups of --tunable-lif, and ends with its weights and momentum buffers bit for bit.
    /// </summary>
    [GoldenFact]
    public void Resuming_with_more_epochs_follows_the_new_cosine_horizon_for_every_group()
    {
        using var data = new TempFolder();
        var dataset = TinyTraining.Data(data);
        using var straight = new TempFolder();
        var full = TinyTraining.Run(straight.Path, dataset, epochs: 2);
        Assert.Equal([0.05, 0.05, 0.005], full.Rates[2].Select(r => Math.Round(r, 12)));

        using var extended = new TempFolder();
        TinyTraining.Run(extended.Path, dataset, epochs: 1);
        var more = TinyTraining.Run(extended.Path, dataset, epochs: 2, resume: true);
        Assert.True(more.ScheduleOnResume!.Changed);
        Assert.Equal(new GatedLif.Training.CosineSchedule(1), more.ScheduleOnResume.Saved);
        Assert.Equal(full.Rates[2], more.Rates[2]);
        Assert.Equal(full.Rates[2], more.ScheduleOnResume.LearningRates);
        Assert.Empty(more.Ended);
        CheckpointAssert.SameTrainingState(
            TinyTraining.ResumePoint(straight.Path, 2),
            TinyTraining.ResumePoint(extended.Path, 2)
        );
    }

    /// <summary>An unreadable newest checkpoint (a truncated resume point) is skipped with its reason, and the run
    /// resumes from the next newest, an intact checkpoint of the same epoch.</summary>
    [GoldenFact]
    public void Resume_falls_back_past_an_unreadable_newest_checkpoint()
    {
        using var data = new TempFolder();
        var dataset = TinyTraining.Data(data);
        using var work = new TempFolder();
        TinyTraining.Run(work.Path, dataset, epochs: 2, stopAt: 2);
        var best = Path.Combine(TinyTraining.Models(work.Path), "tiny-checkpoint-000001.pth.tar");
        Assert.True(File.Exists(best), "epoch 1 improved on the start value, so its best checkpoint exists");
        var newest = TinyTraining.ResumePoint(work.Path, 1);
        var bytes = File.ReadAllBytes(newest);
        File.WriteAllBytes(newest, bytes[..(bytes.Length / 2)]);

        var resumed = TinyTraining.Run(work.Path, dataset, epochs: 2, resume: true);
        var (path, reason) = Assert.Single(resumed.Skipped);
        Assert.Equal(newest, path);
        Assert.Contains(Path.GetFileName(newest), reason);
        Assert.Equal(best, resumed.ResumedFrom!.Path);
        Assert.Equal([2], resumed.Tested);
    }

    [GoldenFact]
    public void A_finished_run_resumed_with_the_same_epochs_trains_nothing()
    {
        using var data = new TempFolder();
        var dataset = TinyTraining.Data(data);
        using var work = new TempFolder();
        TinyTraining.Run(work.Path, dataset, epochs: 1);
        var again = TinyTraining.Run(work.Path, dataset, epochs: 1, resume: true);
        Assert.Equal(2, again.FirstEpoch);
        Assert.Empty(again.Tested);
        Assert.Empty(again.Batches);
    }

    [GoldenFact]
    public void An_epoch_that_starts_at_learning_rate_zero_is_reported_once()
    {
        using var data = new TempFolder();
        var dataset = TinyTraining.Data(data);
        using var work = new TempFolder();
        var run = TinyTraining.Run(work.Path, dataset, epochs: 4, tMax: 2, tunableLif: false);
        Assert.Equal([0.0, 0.0], run.Rates[3]);
        Assert.Equal([3], run.Ended);
    }

    [GoldenFact]
    public void The_same_seed_trains_the_same_batches_to_the_same_losses_and_another_seed_does_not()
    {
        using var data = new TempFolder();
        var dataset = TinyTraining.Data(data);
        using var a = new TempFolder();
        using var b = new TempFolder();
        using var c = new TempFolder();
        static double[] Losses(EpochLog log) => log.Batches.Select(x => x.Loss).ToArray();
        var first = TinyTraining.Run(a.Path, dataset, epochs: 1);
        var second = TinyTraining.Run(b.Path, dataset, epochs: 1);
        var other = TinyTraining.Run(c.Path, dataset, epochs: 1, seed: 6);
        Assert.Equal(4, first.Batches.Count);
        Assert.Equal(Losses(first), Losses(second));
        Assert.NotEqual(Losses(first), Losses(other));
        CheckpointAssert.SameTrainingState(TinyTraining.ResumePoint(a.Path, 1), TinyTraining.ResumePoint(b.Path, 1));
    }

    /// <summary>A best checkpoint is written after the test pass, before the epoch's cosine step; resuming from it
    /// takes the step the reference's resume takes, and the run ends as one never stopped.</summary>
    [GoldenFact]
    public void Resuming_from_a_best_checkpoint_written_before_the_cosine_step_is_exact_too()
    {
        using var data = new TempFolder();
        var dataset = TinyTraining.Data(data);
        using var straight = new TempFolder();
        TinyTraining.Run(straight.Path, dataset, epochs: 2);
        var best = Path.Combine(TinyTraining.Models(straight.Path), "tiny-checkpoint-000001.pth.tar");

        using var resumedWork = new TempFolder();
        var resumed = TinyTraining.Run(resumedWork.Path, dataset, epochs: 2, candidates: [best]);
        Assert.Equal(1, resumed.ResumedFrom!.Epoch);
        Assert.False(resumed.ScheduleOnResume!.Changed);
        Assert.Equal([2], resumed.Tested);
        CheckpointAssert.SameTrainingState(
            TinyTraining.ResumePoint(straight.Path, 2),
            TinyTraining.ResumePoint(resumedWork.Path, 2)
        );
    }

    /// <summary>
    /// With statistics on, every test pass reports its spikes (each layer named, the 8 test images counted) and the
    /// summaries get each layer's firing rate as a TensorBoard scalar and the report as spike-stats.json; counting
    /// changes nothing the run computes.
    /// </summary>
    [GoldenFact]
    public void Test_passes_count_spikes_when_asked_without_changing_the_run()
    {
        using var data = new TempFolder();
        var dataset = TinyTraining.Data(data);
        using var plain = new TempFolder();
        using var counted = new TempFolder();
        var without = TinyTraining.Run(plain.Path, dataset, epochs: 2);
        var summaries = Path.Combine(counted.Path, "summaries");
        var with = TinyTraining.Run(
            counted.Path,
            dataset,
            epochs: 2,
            statistics: new TestStatistics(1, EnergyModel.Horowitz45nm),
            observer: (model, groups) => new TrainingSummaries(TinyTraining.Tag, model, groups, 1, summaries)
        );

        Assert.All(without.Spikes, Assert.Null);
        Assert.Equal(2, with.Spikes.Count);
        var report = Assert.IsType<SpikeStatisticsReport>(with.Spikes[^1]);
        Assert.Equal(8, report.Samples);
        Assert.Contains(report.Layers, l => l.Layer == "conv1.1" && l.Neurons is { FiringRate: > 0 and < 1 });
        Assert.Equal(without.Batches.Select(b => b.Loss), with.Batches.Select(b => b.Loss));
        CheckpointAssert.SameTrainingState(
            TinyTraining.ResumePoint(plain.Path, 2),
            TinyTraining.ResumePoint(counted.Path, 2)
        );

        var folder = Path.Combine(summaries, TinyTraining.Tag);
        Assert.Equal(
            report.Totals,
            SpikeStatisticsFile.Read(Path.Combine(folder, SpikeStatisticsFile.FileName)).Totals
        );
        var events = File.ReadAllBytes(Assert.Single(Directory.GetFiles(folder, "events.out.tfevents.*")));
        Assert.Contains("spikes/conv1.1/firing_rate", System.Text.Encoding.ASCII.GetString(events));
    }
}
