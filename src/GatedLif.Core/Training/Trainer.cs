using System.Diagnostics;
using GatedLif.Checkpoints;
using GatedLif.Distributed;
using GatedLif.Files;
using GatedLif.Training.Checkpointing;
using GatedLif.Training.Optimization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GatedLif.Training;

/// <summary>
/// The training engine both command lines run on. Per epoch: the training pass (one mixed-precision step per batch,
/// gradients averaged over the ranks), the schedule step before or after the test as the configuration says, the test
/// pass (<see cref="Evaluator"/>, combined over ranks), the checkpoints the policy asks for, and the observers at fixed
/// points; with <see cref="TrainingConfiguration.Statistics"/>, each test pass's spike statistics go to the observers
/// with its result. Resuming restores weights, optimiser state and torch's generator exactly and builds the schedule
/// from the current settings at the checkpoint's epoch, auto's convolution plans and the loss scaler, so a run stopped and resumed with the same settings ends with
/// the weights of one never stopped, bit for bit. With several ranks every rank trains its shard and resumes from the
/// same checkpoint; rank 0 alone writes checkpoints.
/// </summary>
public sealed class Trainer : IDisposable
{
    private readonly nn.Module<Tensor, Tensor> _model;
    private readonly IReadOnlyList<ParameterGroup> _groups;
    private readonly TrainingConfiguration _config;
    private readonly IBatchSource _train;
    private readonly IBatchSource _test;
    private readonly Device _device;
    private readonly ICollectives _world;
    private readonly IReadOnlyList<ITrainingObserver> _observers;
    private readonly DataParallel _parallel;
    private readonly OptimizerHelper _optimizer;
    private IEpochSchedule _schedule;
    private bool _scheduleEndReported;

    /// <param name="model">The network, already on <paramref name="device"/> (TorchSharp's Module.to replaces
    /// Parameter objects, so the groups are taken after the move).</param>
    public Trainer(nn.Module<Tensor, Tensor> model, IReadOnlyList<ParameterGroup> groups, TrainingConfiguration config,
        IBatchSource train, IBatchSource test, Device device, ICollectives world, IReadOnlyList<ITrainingObserver> observers)
    {
        _model = model;
        _groups = groups;
        _config = config;
        _train = train;
        _test = test;
        _device = device;
        _world = world;
        _observers = observers;
        _parallel = new DataParallel(model, world);
        _optimizer = config.Optimizer.Create(groups);
        _schedule = config.Schedule.Create(BaseRates);
        Precision = MixedPrecision.For(config.MixedPrecision, device);
    }

    public MixedPrecision Precision { get; }

    private IReadOnlyList<double> BaseRates => _groups.Select(g => g.LearningRate).ToList();

    private bool IsLeader => _world.Rank == 0;

    /// <summary>Trains from the first epoch, or the one after the checkpoint it resumes, to the last.</summary>
    public void Run()
    {
        foreach (var folder in _config.CheckpointPolicy.Folders.Where(_ => IsLeader))
            WritableFolder.Ensure(folder, "checkpoints");
        var (first, best) = Resume();
        AgreeOnResumePoint(first);
        Notify(o => o.RunStarting(first));
        for (int epoch = first; epoch < _config.EndEpoch; epoch++)
        {
            var rates = _schedule.Rates.ToArray();
            if (!_scheduleEndReported && rates.All(r => r == 0))
            {
                _scheduleEndReported = true;
                Notify(o => o.ScheduleEnded(epoch));
            }
            var trained = TrainEpoch(epoch, rates);
            if (_config.ScheduleStep == ScheduleStepPoint.BeforeTest)
                StepSchedule();
            var (result, spikes) = TestPass.Run(_model, _test.Epoch(epoch).Select(b => (b.Images, b.Labels)), _device,
                _config.EvaluationChunk, _world, _config.Statistics);
            double score = _config.BestBy == BestMetric.Top1 ? result.Top1 : result.Accuracy;
            bool improved = score > best.Value;
            if (improved)
                best = new BestScore(score, epoch);
            var saved = _config.CheckpointPolicy.AfterTest(epoch, improved);
            foreach (var file in saved)
                Save(file.Path, epoch, best);
            var tested = new TestedEpoch(epoch, result, best, improved, saved, spikes);
            Notify(o => o.EpochTested(tested));
            Notify(o => o.EpochEnded(new EndedEpoch(epoch, trained, tested, rates)));
            if (_config.ScheduleStep == ScheduleStepPoint.AfterTest)
                StepSchedule();
            if (_config.CheckpointPolicy.ResumePoint(epoch) is { } resumePoint)
            {
                Save(resumePoint, epoch, best);
                if (IsLeader)
                    _config.CheckpointPolicy.Prune(epoch);
            }
        }
    }

    private TrainedEpoch TrainEpoch(int epoch, double[] rates)
    {
        var clock = Stopwatch.StartNew();
        Notify(o => o.EpochStarting(new EpochStart(epoch, _train.BatchCount, _train.Count, rates)));
        var loss = new AverageMeter();
        double batchLossSum = 0;
        long correct = 0;
        int index = 0;
        _model.train();
        foreach (var batch in _train.Epoch(epoch))
        {
            using var scope = NewDisposeScope();
            var x = batch.Images.to(_device);
            var y = batch.Labels.to(_device);
            var (output, batchLoss) = TrainingStep.Run(Precision, _model, _optimizer, x, y, TrainingLoss.CrossEntropy, _parallel.AverageGradients);
            var logits = output.detach();
            var percentages = TopKAccuracy.Percentages(logits, y, 1, 5);
            long right = logits.argmax(1).eq(y).sum().item<long>();
            double lossValue = batchLoss.item<float>();
            loss.Update(lossValue, batch.Count);
            batchLossSum += lossValue;
            correct += right;
            var trained = new TrainedBatch(epoch, index, _train.BatchCount, _train.Count, batch.Count, lossValue,
                percentages[0], percentages[1], right, clock.Elapsed.TotalSeconds, loss.Count, loss.Average, correct);
            Notify(o => o.BatchTrained(trained));
            index++;
            batch.Dispose();
        }
        // Images of all ranks (each trains as many), so images/s is the job's throughput; losses are this rank's.
        var result = new TrainedEpoch(epoch, batchLossSum / Math.Max(index, 1), loss.Average,
            loss.Count == 0 ? 0 : (double)correct / loss.Count, loss.Count * _world.WorldSize, clock.Elapsed.TotalSeconds);
        Notify(o => o.EpochTrained(result));
        return result;
    }

    private void StepSchedule()
    {
        _schedule.Step();
        ApplyRates();
    }

    private void ApplyRates()
    {
        int g = 0;
        foreach (var group in _optimizer.ParamGroups)
            group.LearningRate = _schedule.Rates[g++];
    }

    /// <summary>Rank 0 writes; the other ranks hold the same state.</summary>
    private void Save(string path, int epoch, BestScore best)
    {
        if (!IsLeader)
            return;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var snapshot = new TrainingSnapshot(_model, epoch, best, OptimizerStateDict.Capture(_optimizer, _groups),
            _schedule.StateDict(), Generator.Default.get_state(), ConvolutionPlanEntry.Of(_model),
            GradScalerEntry.Of(Precision.Scaler));
        TorchCheckpointWriter.Write(path, _config.CheckpointLayout.Write(snapshot));
    }

    /// <summary>The first epoch to train and the best score so far: from the first readable resume candidate, or a
    /// fresh start.</summary>
    private (int FirstEpoch, BestScore Best) Resume()
    {
        var candidates = _config.ResumeCandidates;
        for (int i = 0; i < candidates.Count; i++)
        {
            var path = candidates[i];
            Checkpoint checkpoint;
            ResumeState state;
            try
            {
                checkpoint = TorchCheckpointReader.Read(path, _config.CheckpointLayout.StateDictKey);
            }
            catch (CheckpointException e) when (i < candidates.Count - 1)
            {
                Notify(o => o.ResumeSkipped(path, e.Message));
                continue;
            }
            using (checkpoint)
            {
                try
                {
                    state = _config.CheckpointLayout.Read(checkpoint);
                }
                catch (CheckpointException e) when (i < candidates.Count - 1)
                {
                    Notify(o => o.ResumeSkipped(path, e.Message));
                    continue;
                }
                StateDictLoader.Load(_model, checkpoint.StateDict, path, mismatch: _config.Mismatch);
                ConvolutionPlanEntry.Restore(_model, checkpoint);
                GradScalerEntry.Restore(Precision.Scaler, checkpoint);
                OptimizerStateDict.Restore(state.Optimizer, _optimizer, _groups, path);
                if (state.RngState is { } rng)
                    Generator.Default.set_state(rng);
            }
            _schedule = _config.Schedule.CreateAt(BaseRates, state.Epoch - _config.FirstEpoch + 1);
            ApplyRates();
            Notify(o => o.Resumed(new ResumedRun(path, state.Epoch, state.Best)));
            var rates = _schedule.Rates.ToArray();
            Notify(o => o.ScheduleResumed(new ResumedSchedule(ScheduleSettings.Saved(state.Schedule), _config.Schedule,
                state.Epoch + 1, rates)));
            return (state.Epoch + 1, state.Best);
        }
        return (_config.FirstEpoch, BestScore.None);
    }

    /// <summary>Every rank resumes from its own reading of the checkpoints; they must have found the same epoch.</summary>
    private void AgreeOnResumePoint(int firstEpoch)
    {
        if (_world.WorldSize == 1)
            return;
        using var leaders = tensor(new long[] { firstEpoch });
        _world.Broadcast(leaders, root: 0);
        long expected = leaders.item<long>();
        if (expected != firstEpoch)
            throw new DistributedSetupException(
                $"rank {_world.Rank} would resume at epoch {firstEpoch} but rank 0 at epoch {expected}: " +
                "every node needs the same checkpoints");
    }

    private void Notify(Action<ITrainingObserver> call)
    {
        foreach (var observer in _observers)
            call(observer);
    }

    public void Dispose()
    {
        _parallel.Dispose();
        _optimizer.Dispose();
    }
}
