using GatedLif.Data.Datasets;
using GatedLif.Data.Loading;
using GatedLif.Distributed;
using GatedLif.Layers.Convolutions;
using GatedLif.Models;
using GatedLif.Models.Blocks;
using GatedLif.Neurons;
using GatedLif.Statistics;
using GatedLif.Tests.TestSupport;
using GatedLif.Training;
using GatedLif.Training.Checkpointing;
using GatedLif.Training.Optimization;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Tests.Core.Training;

/// <summary>
/// train.py's configuration of the <see cref="Trainer"/> in-process on a tiny data set: ResNet-18 channel-wise with
/// an eighth of the channels, T = 1, random gates, batch 8, 24 training and 8 test images, checkpoints and resume
/// points under <c>{work}/models</c>. Every call builds the model from the same seed.
/// </summary>
internal static class TinyTraining
{
    public const string Tag = "tiny";

    public static string Data(TempFolder folder)
    {
        TinyCifar.Write(folder.Path, perTrainFile: 5, test: 8);
        return folder.Path;
    }

    public static string Models(string work) => Path.Combine(work, "models");

    public static string ResumePoint(string work, int epoch) =>
        Path.Combine(Models(work), CheckpointNames.ResumeSubfolder, CheckpointNames.FileName(Tag, epoch));

    /// <param name="stopAt">Stops the run as a kill would, when this epoch is about to start.</param>
    /// <param name="tMax">The cosine horizon; train.py's is --epochs.</param>
    public static EpochLog Run(
        string work,
        string data,
        int epochs,
        bool resume = false,
        bool tunableLif = true,
        int seed = 5,
        IReadOnlyList<string>? candidates = null,
        int? stopAt = null,
        int? tMax = null,
        TestStatistics? statistics = null,
        Func<nn.Module, IReadOnlyList<ParameterGroup>, ITrainingObserver>? observer = null,
        ConvolutionImplementation convolutions = ConvolutionImplementation.Dense
    )
    {
        manual_seed(seed);
        var spec = new ModelSpec(
            Architectures.ResNet18,
            NeuronKind.ChannelWise,
            10,
            new GlifSettings(1, GlifSettings.DefaultGates, SoftMode: true),
            Width: 0.125
        );
        using var model = ModelFactory.Create(spec, randomGates: true);
        ConvolutionRoutes.Use(model, convolutions);
        var groups = ParameterGroups.For(model, 0.1, 4e-5, tunableLif, imageNet: false);
        var config = new TrainingConfiguration
        {
            FirstEpoch = 1,
            Epochs = epochs,
            Optimizer = new OptimizerSettings(OptimizerKind.Sgd, 0.9),
            Schedule = new CosineSchedule(tMax ?? epochs),
            EvaluationChunk = Evaluator.ChunkFor(CPU, 1),
            CheckpointLayout = new TrainPyCheckpointLayout(seed),
            CheckpointPolicy = new TrainPyCheckpointPolicy(Models(work), Tag, saveInterval: 10),
            ResumeCandidates = candidates ?? (resume ? CheckpointNames.ResumeCandidates(Models(work), Tag) : []),
            Statistics = statistics,
        };
        var log = new EpochLog(stopAt);
        var train = new CifarBatchSource(
            CifarDataset.Open(data, CifarVariant.Cifar10, CifarSplit.Train),
            8,
            training: true
        );
        var test = new CifarBatchSource(
            CifarDataset.Open(data, CifarVariant.Cifar10, CifarSplit.Test),
            8,
            training: false
        );
        ITrainingObserver[] observers = observer is null ? [log] : [log, observer(model, groups)];
        using var trainer = new Trainer(model, groups, config, train, test, CPU, SingleProcess.Instance, observers);
        try
        {
            trainer.Run();
        }
        catch (RunStopped) { }
        return log;
    }
}

/// <summary>What an observer hears of a run, for assertions; it stops the run at an epoch's start when asked.</summary>
internal sealed class EpochLog(int? stopAt = null) : ITrainingObserver
{
    public Dictionary<int, double[]> Rates { get; } = [];
    public List<int> Tested { get; } = [];
    public List<(string Path, string Reason)> Skipped { get; } = [];
    public ResumedRun? ResumedFrom { get; private set; }
    public ResumedSchedule? ScheduleOnResume { get; private set; }
    public int? FirstEpoch { get; private set; }
    public List<int> Ended { get; } = [];
    public List<TrainedBatch> Batches { get; } = [];

    public void ResumeSkipped(string path, string reason) => Skipped.Add((path, reason));

    public void Resumed(ResumedRun run) => ResumedFrom = run;

    public void ScheduleResumed(ResumedSchedule schedule) => ScheduleOnResume = schedule;

    public void RunStarting(int firstEpoch) => FirstEpoch = firstEpoch;

    public void ScheduleEnded(int epoch) => Ended.Add(epoch);

    public void EpochStarting(EpochStart start)
    {
        if (start.Epoch == stopAt)
            throw new RunStopped();
        Rates[start.Epoch] = start.LearningRates.ToArray();
    }

    public void BatchTrained(TrainedBatch batch) => Batches.Add(batch);

    public List<SpikeStatisticsReport?> Spikes { get; } = [];

    public void EpochTested(TestedEpoch epoch)
    {
        Tested.Add(epoch.Epoch);
        Spikes.Add(epoch.Spikes);
    }
}

internal sealed class RunStopped : Exception;
