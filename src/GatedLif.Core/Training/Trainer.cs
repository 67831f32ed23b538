using System.Diagnostics;
using GatedLif.Distributed;
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
/// with its result. Checkpoints are the <see cref="CheckpointSession"/>'s: resuming restores the weights, optimiser
/// state, torch's generator, auto's convolution plans and the loss scaler exactly, and the Trainer builds the schedule
/// from the current settings at the checkpoint's epoch, so a run stopped and resumed with the same settings ends with
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
    private readonly CheckpointSession _checkpoints;
    private IEpochSchedule _schedule;
    private bool _scheduleEndReported;

    /// <param name="model">The network, already on <paramref name="device"/> (TorchSharp's Module.to replaces
    /// Parameter objects, so the groups are taken after the move).</param>
    public Trainer(
        nn.Module<Tensor, Tensor> model,
        IReadOnlyList<ParameterGroup> groups,
        TrainingConfiguration config,
        IBatchSource train,
        IBatchSource test,
        Device device,
        ICollectives world,
        IReadOnlyList<ITrainingObserver> observers
    )
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
        _checkpoints = new CheckpointSession(model, groups, _optimizer, Precision.Scaler, config, world);
    }

    public MixedPrecision Precision { get; }

    private IReadOnlyList<double> BaseRates => _groups.Select(g => g.LearningRate).ToList();

    private bool IsLeader => _world.Rank == 0;

    /// <summary>Trains from the first epoch, or the one after the checkpoint it resumes, to the last.</summary>
    public void Run()
    {
        _checkpoints.PrepareFolders();
        var (first, best) = Resume();
        _checkpoints.AgreeOnResumePoint(first);
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
            var (result, spikes) = TestPass.Run(
                _model,
                _test.Epoch(epoch).Select(b => (b.Images, b.Labels)),
                _device,
                _config.EvaluationChunk,
                _world,
                _config.Statistics
            );
            double score = _config.BestBy == BestMetric.Top1 ? result.Top1 : result.Accuracy;
            bool improved = score > best.Value;
            if (improved)
                best = new BestScore(score, epoch);
            var saved = _config.CheckpointPolicy.AfterTest(epoch, improved);
            foreach (var file in saved)
                _checkpoints.Save(file.Path, epoch, best, _schedule);
            var tested = new TestedEpoch(epoch, result, best, improved, saved, spikes);
            Notify(o => o.EpochTested(tested));
            Notify(o => o.EpochEnded(new EndedEpoch(epoch, trained, tested, rates)));
            if (_config.ScheduleStep == ScheduleStepPoint.AfterTest)
                StepSchedule();
            if (_config.CheckpointPolicy.ResumePoint(epoch) is { } resumePoint)
            {
                _checkpoints.Save(resumePoint, epoch, best, _schedule);
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
            var (output, batchLoss) = TrainingStep.Run(
                Precision,
                _model,
                _optimizer,
                x,
                y,
                TrainingLoss.CrossEntropy,
                _parallel.AverageGradients
            );
            var logits = output.detach();
            var percentages = TopKAccuracy.Percentages(logits, y, 1, 5);
            long right = logits.argmax(1).eq(y).sum().item<long>();
            double lossValue = batchLoss.item<float>();
            loss.Update(lossValue, batch.Count);
            batchLossSum += lossValue;
            correct += right;
            var trained = new TrainedBatch(
                epoch,
                index,
                _train.BatchCount,
                _train.Count,
                batch.Count,
                lossValue,
                percentages[0],
                percentages[1],
                right,
                clock.Elapsed.TotalSeconds,
                loss.Count,
                loss.Average,
                correct
            );
            Notify(o => o.BatchTrained(trained));
            index++;
            batch.Dispose();
        }
        // Images of all ranks (each trains as many), so images/s is the job's throughput; losses are this rank's.
        var result = new TrainedEpoch(
            epoch,
            batchLossSum / Math.Max(index, 1),
            loss.Average,
            loss.Count == 0 ? 0 : (double)correct / loss.Count,
            loss.Count * _world.WorldSize,
            clock.Elapsed.TotalSeconds
        );
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

    /// <summary>The first epoch to train and the best score so far: from the checkpoint the session resumes, with the
    /// schedule rebuilt from the current settings at its epoch, or a fresh start.</summary>
    private (int FirstEpoch, BestScore Best) Resume()
    {
        if (_checkpoints.Resume((path, reason) => Notify(o => o.ResumeSkipped(path, reason))) is not { } resumed)
            return (_config.FirstEpoch, BestScore.None);
        var state = resumed.State;
        _schedule = _config.Schedule.CreateAt(BaseRates, state.Epoch - _config.FirstEpoch + 1);
        ApplyRates();
        Notify(o => o.Resumed(new ResumedRun(resumed.Path, state.Epoch, state.Best)));
        var rates = _schedule.Rates.ToArray();
        Notify(o =>
            o.ScheduleResumed(
                new ResumedSchedule(ScheduleSettings.Saved(state.Schedule), _config.Schedule, state.Epoch + 1, rates)
            )
        );
        return (state.Epoch + 1, state.Best);
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
