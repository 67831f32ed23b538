using System.Diagnostics;
using System.Globalization;
using GatedLif.Checkpoints;
using GatedLif.Cli.Commands;
using GatedLif.Cli.Logging;
using GatedLif.Cli.Progress;
using GatedLif.Cli.Summaries;
using GatedLif.Data;
using GatedLif.Data.Datasets;
using GatedLif.Data.Loading;
using GatedLif.Data.Transforms;
using GatedLif.Distributed;
using GatedLif.Models;
using GatedLif.Models.Networks;
using GatedLif.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GatedLif.Cli.Training;

/// <summary>
/// train.py's training run on CIFAR or ImageNet (<see cref="RunData"/>): epochs 1..--epochs, each a shuffled,
/// augmented pass with SGD and the "Train Epoch" lines, then the test pass with the "TEST Epoch" line, checkpoints, and the cosine step.
/// Unlike the reference, every epoch ends with a resumable checkpoint and --auto-continue resumes exactly.
/// With several ranks (<see cref="ICollectives"/>) it is DistributedDataParallel training: every rank trains on its
/// shard of each epoch with gradients averaged and BatchNorm synchronised (<see cref="DataParallel"/>), rank 0
/// alone logs, records and writes checkpoints, and every rank resumes from the same checkpoint.
/// </summary>
public sealed class TrainingSession
{
    private readonly TrainOptions _o;
    private readonly ModelSpec _spec;
    private readonly Device _device;
    private readonly ReferenceLog _log;
    private readonly string _checkpointFolder;
    private readonly ICollectives _world;

    public TrainingSession(TrainOptions options, ModelSpec spec, Device device, ReferenceLog log, ICollectives? world = null,
        string checkpointFolder = CheckpointNames.DefaultFolder)
    {
        _world = world ?? SingleProcess.Instance;
        _o = options;
        _spec = spec;
        _device = device;
        _log = log;
        _checkpointFolder = checkpointFolder;
    }

    public int Run()
    {
        var (trainSet, testSet) = RunData.Open(_o, _log, withTraining: true, new Shard(_world.Rank, _world.WorldSize));
        _log.Print("load data successfully");

        using var model = ModelFactory.Create(_spec, _o.RandomGate);
        if (_o.RandomGate) _log.Print("randomized gate");
        _log.Print($"model: {_spec.Describe()}");
        // TorchSharp's Module.to replaces Parameter objects, so the optimiser is built after the move.
        model.to(_device);
        using var parallel = new DataParallel(model, _world);
        var groups = ParameterGroups.For(model, _o.LearningRate, _o.WeightDecay, _o.TunableLif, _spec.IsImageNet);
        using var optimizer = ParameterGroups.Sgd(groups, _o.Momentum);
        var schedule = new CosineAnnealingSchedule(groups.Select(g => g.LearningRate).ToList(),
            groups.Select(_ => _o.Epochs).ToList());
        var learner = new Learner(model, optimizer, groups, schedule, parallel);
        var precision = MixedPrecision.For(_o.Amp, _device);
        if (precision.Warning is not null) _log.Print(precision.Warning);

        int firstEpoch = 1;
        var best = new BestAccuracy(0, 0);
        if (_o.AutoContinue)
        {
            (firstEpoch, best) = Resume(learner);
            AgreeOnResumePoint(firstEpoch);
        }
        _log.Print($"the random seed is {_o.Seed}");
        var observer = IsLeader ? new TrainingObserver(_o.ModelTag, model, firstEpoch) : null;

        for (int epoch = firstEpoch; epoch <= _o.Epochs; epoch++)
        {
            var trained = TrainEpoch(learner, trainSet!, epoch, precision);
            (best, var tested) = Test(learner, testSet, epoch, best);
            observer?.EpochEnded(epoch, trained, tested, groups, schedule.Rates);
            _log.Print($"and lr now is {PythonFormat.ReprList(schedule.Rates)}");
            schedule.Step();
            learner.ApplyRates();
            SaveResumePoint(learner, epoch, best);
        }
        return 0;
    }

    /// <summary>Every rank resumes from its own reading of --train-resume; they must have found the same epoch.</summary>
    private void AgreeOnResumePoint(int firstEpoch)
    {
        using var leaders = tensor(new long[] { firstEpoch });
        _world.Broadcast(leaders, root: 0);
        long expected = leaders.item<long>();
        if (expected != firstEpoch)
            throw new DistributedSetupException(
                $"rank {_world.Rank} would resume at epoch {firstEpoch} but rank 0 at epoch {expected}: " +
                $"every node needs the same checkpoints in {_o.TrainResume}");
    }

    /// <summary>Rank 0, the one that logs, records and writes checkpoints.</summary>
    private bool IsLeader => _world.Rank == 0;

    /// <summary>What training updates and what a checkpoint captures.</summary>
    private sealed record Learner(StaticImageNetwork Model, SGD Optimizer, IReadOnlyList<ParameterGroup> Groups,
        CosineAnnealingSchedule Schedule, DataParallel Parallel)
    {
        public void ApplyRates()
        {
            int g = 0;
            foreach (var group in Optimizer.ParamGroups)
                group.LearningRate = Schedule.Rates[g++];
        }
    }

    /// <summary>The data order and augmentation of an epoch depend only on the seed and the epoch (the batch
    /// source's rule), so a resumed run sees exactly the batches an uninterrupted one would.</summary>
    private TrainedEpoch TrainEpoch(Learner learner, IBatchSource loader, int epoch, MixedPrecision precision)
    {
        var (model, optimizer, _, _, parallel) = learner;
        var clock = Stopwatch.StartNew();
        var bar = new EpochProgressBar($"epoch {epoch}", loader.BatchCount, enabled: IsLeader ? null : false);
        double top1 = 0, top5 = 0, lossSum = 0, top1Sum = 0;
        long images = 0;
        int batchIndex = 0;
        model.train();
        foreach (var batch in loader.Epoch(epoch))
        {
            using var scope = NewDisposeScope();
            var x = batch.Images.to(_device);
            var y = batch.Labels.to(_device);
            var (output, loss) = precision.TrainStep(model, optimizer, x, y, parallel.AverageGradients);

            var accuracy = TopKAccuracy.Percentages(output.detach(), y, 1, 5);
            top1 += accuracy[0] / 100;
            top5 += accuracy[1] / 100;
            double lossValue = loss.item<float>();
            images += batch.Count;
            if (batchIndex % _o.DisplayInterval == 0)
            {
                bar.Clear();
                _log.Print(string.Create(CultureInfo.InvariantCulture,
                    $"Train Epoch: {epoch} [{batchIndex * batch.Count}/{loader.Count} ({PythonFormat.Fixed0(100.0 * batchIndex / loader.BatchCount)}%)]\tLoss: {lossValue:F6}\tTop-1 = {top1 / _o.DisplayInterval:F6}\tTop-5 = {top5 / _o.DisplayInterval:F6}\tTime = {clock.Elapsed.TotalSeconds:F6}"));
                top1 = top5 = 0;
            }
            batchIndex++;
            lossSum += lossValue;
            top1Sum += accuracy[0] / 100;
            bar.Update(batchIndex, images, lossSum / batchIndex, top1Sum / batchIndex);
            batch.Dispose();
        }
        bar.Clear();
        _log.Print($"time used in the epoch:{PythonFormat.Repr(clock.Elapsed.TotalSeconds)}");
        // Images of all ranks (each trains as many), so images/s is the job's throughput; the loss is rank 0's.
        return new TrainedEpoch(lossSum / Math.Max(batchIndex, 1), images * _world.WorldSize, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The test pass, then the reference's checkpoints: on a new best top-1 ("saving..." before "best acc
    /// is"), else every 20th and every --save-interval-th epoch (after it).</summary>
    private (BestAccuracy, EvaluationResult) Test(Learner learner, IBatchSource testSet, int epoch, BestAccuracy best)
    {
        var result = TestPass.Run(learner.Model, testSet, _device, _spec.Glif.TimeSteps, _log, epoch, _world);
        var path = Path.Combine(_checkpointFolder, CheckpointNames.FileName(_o.ModelTag, epoch));
        bool improved = result.Top1 > best.Accuracy;
        if (improved)
        {
            best = new BestAccuracy(result.Top1, epoch);
            _log.Print("saving...");
            Save(learner, epoch, best, path);
        }
        _log.Print($"best acc is {PythonFormat.Repr(best.Accuracy)} found in epoch {best.Epoch}");
        if (!improved && (epoch % 20 == 0 || (_o.SaveInterval > 0 && epoch % _o.SaveInterval == 0)))
        {
            _log.Print("saving...");
            Save(learner, epoch, best, path);
        }
        return (best, result);
    }

    private void SaveResumePoint(Learner learner, int epoch, BestAccuracy best)
    {
        if (!IsLeader)
            return;
        var folder = Path.Combine(_checkpointFolder, CheckpointNames.ResumeSubfolder);
        var path = Path.Combine(folder, CheckpointNames.FileName(_o.ModelTag, epoch));
        Save(learner, epoch, best, path);
        // Only the newest resume point is kept; older ones are removed once the new one is safely on disk.
        foreach (var old in Directory.EnumerateFiles(folder))
        {
            var name = Path.GetFileName(old);
            if (old != path && name.StartsWith(_o.ModelTag + "-checkpoint-", StringComparison.Ordinal)
                && CheckpointNames.EpochOf(old) is { } e && e < epoch)
                File.Delete(old);
        }
    }

    /// <summary>Rank 0 writes; the other ranks hold the same state.</summary>
    private void Save(Learner learner, int epoch, BestAccuracy best, string path)
    {
        if (!IsLeader)
            return;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var state = TrainingState.Capture(learner.Model, learner.Optimizer, learner.Groups, learner.Schedule, epoch, best,
            _o.Seed, TrainArguments.Describe(_o), keyPrefix: CheckpointKeyPrefix);
        TorchCheckpointWriter.Write(path, state);
    }

    /// <summary>ImageNet checkpoints carry DistributedDataParallel's <c>module.</c> prefix: the reference's evaluation
    /// cuts the first 7 characters of every key. Reading accepts keys with and without it.</summary>
    private string CheckpointKeyPrefix => _spec.IsImageNet ? DataParallelKeys.Prefix : "";

    private (int FirstEpoch, BestAccuracy Best) Resume(Learner learner)
    {
        var (model, optimizer, groups, schedule, _) = learner;
        var path = CheckpointNames.NewestForResume(_o.TrainResume, _o.ModelTag);
        if (path is null)
        {
            _log.Print($"no checkpoint of '{_o.ModelTag}' in {_o.TrainResume}: starting from epoch 1");
            return (1, new BestAccuracy(0, 0));
        }
        using var checkpoint = TorchCheckpointReader.Read(path);
        StateDictLoader.Load(model, checkpoint.StateDict, path);
        var (epoch, best) = TrainingState.Restore(checkpoint, optimizer, groups, schedule);
        // A checkpoint written by the test pass precedes that epoch's cosine step; catch up like the reference,
        // which steps the scheduler once per finished epoch when it resumes.
        while (schedule.LastEpoch < epoch)
            schedule.Step();
        learner.ApplyRates();
        _log.Print($"load from checkpoint, the epoch is {epoch}");
        return (epoch + 1, best);
    }
}
