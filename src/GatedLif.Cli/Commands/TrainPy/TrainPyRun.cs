using GatedLif.Checkpoints;
using GatedLif.Cli.CommandLine;
using GatedLif.Cli.Hosting;
using GatedLif.Cli.Logging;
using GatedLif.Cli.Progress;
using GatedLif.Cli.Summaries;
using GatedLif.Data.Loading;
using GatedLif.Distributed;
using GatedLif.Layers.Convolutions;
using GatedLif.Models;
using GatedLif.Models.Networks;
using GatedLif.Training;
using GatedLif.Training.Checkpointing;
using GatedLif.Training.Optimization;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Cli.Commands.TrainPy;

/// <summary>
/// The train.py front-end: what the reference does with a parsed command line, evaluate a checkpoint (<c>--eval</c>)
/// or train, mapped onto the library's <see cref="Trainer"/> and <see cref="Evaluator"/>.
/// </summary>
public static class TrainPyRun
{
    public static int Execute(TrainPyOptions o, CliConsole console)
    {
        var spec = ModelSelection.From(o);
        var convolutions = ConvolutionImplementationFlag.Parse(o.Shared.ConvImpl);
        var statistics = SpikeStatisticsFlags.For(o.Shared, spec.Glif.TimeSteps);
        var environment = WorldEnvironment.FromEnvironment();
        var device = ProcessGroup.DeviceFor(environment, DeviceChoice.Resolve(o.Device));
        ComputeThreads.ShareCores(environment.LocalWorldSize);
        return ProcessGroup.Run(environment, device, world =>
        {
            manual_seed(o.Seed);
            using var log = ReferenceLog.TrainPy(world.Rank, console);
            if (world.WorldSize > 1)
                log.Print(
                    $"data parallel: {world.WorldSize} ranks over {world.Backend}, --batch-size {o.BatchSize} per rank"
                );
            if (o.Eval)
                Evaluate(o, spec, convolutions, statistics, device, log, world);
            else
                Train(o, spec, convolutions, statistics, device, log, world);
            return 0;
        });
    }

    /// <summary>The network of <paramref name="spec"/> (random gates with --randomgate), routed and on the
    /// device.</summary>
    public static StaticImageNetwork BuildModel(
        TrainPyOptions o,
        ModelSpec spec,
        ConvolutionImplementation convolutions,
        Device device
    ) => NetworkSetup.Place(ModelFactory.Create(spec, o.RandomGate), convolutions, device);

    public static IReadOnlyList<ParameterGroup> ParameterGroupsOf(nn.Module model, TrainPyOptions o, ModelSpec spec) =>
        ParameterGroups.For(model, o.LearningRate, o.WeightDecay, o.TunableLif, spec.Architecture.ImageNet);

    /// <summary>train.py's optimiser: SGD with --momentum (the reference hard-codes 0.9, which is the
    /// default).</summary>
    public static OptimizerSettings OptimizerOf(TrainPyOptions o) => new(OptimizerKind.Sgd, o.Momentum);

    /// <summary>
    /// Epochs 1..--epochs: SGD over train.py's parameter groups, cosine annealing over --epochs stepped after each
    /// test pass, the reference's checkpoints and ours (a resume point every epoch), and with --auto-continue the
    /// newest checkpoint of --modeltag in --train-resume (an unreadable one is skipped for the next newest).
    /// </summary>
    private static void Train(
        TrainPyOptions o,
        ModelSpec spec,
        ConvolutionImplementation convolutions,
        TestStatistics? statistics,
        Device device,
        ReferenceLog log,
        ICollectives world
    )
    {
        var shard = new Shard(world.Rank, world.WorldSize);
        var data = TrainPyData.Open(o, log, withTraining: true, shard);
        log.Print("load data successfully");
        using var model = BuildModel(o, spec, convolutions, device);
        if (o.RandomGate)
            log.Print("randomized gate");
        log.Print($"model: {spec.Describe()}");
        var groups = ParameterGroupsOf(model, o, spec);
        var config = new TrainingConfiguration
        {
            FirstEpoch = 1,
            Epochs = o.Epochs,
            Optimizer = OptimizerOf(o),
            Schedule = new CosineSchedule(o.Epochs),
            ScheduleStep = ScheduleStepPoint.AfterTest,
            BestBy = BestMetric.Top1,
            MixedPrecision = o.Amp,
            EvaluationChunk = Evaluator.ChunkFor(device, spec.Glif.TimeSteps),
            Statistics = statistics,
            // ImageNet checkpoints carry DistributedDataParallel's "module." prefix: the reference's evaluation cuts
            // the first 7 characters of every key. Reading accepts keys with and without it.
            CheckpointLayout = new TrainPyCheckpointLayout(
                o.Seed,
                o.Namespace,
                spec.Architecture.ImageNet ? DataParallelKeys.Prefix : ""
            ),
            CheckpointPolicy = new TrainPyCheckpointPolicy(CheckpointNames.DefaultFolder, o.ModelTag, o.SaveInterval),
            ResumeCandidates = o.AutoContinue ? CheckpointNames.ResumeCandidates(o.TrainResume, o.ModelTag) : [],
            Mismatch = CheckpointArchitectureHint.LoadOptions(o.Verbose),
        };
        ITrainingObserver[] observers =
            world.Rank == 0
                ?
                [
                    new TrainingSummaries(o.ModelTag, model, groups, config.FirstEpoch),
                    new TrainPyLog(log, o),
                    new ProgressObserver(log),
                ]
                : [];
        using var trainer = new Trainer(model, groups, config, data.Train!, data.Test, device, world, observers);
        if (trainer.Precision.Warning is { } warning)
            log.Warning($"--amp: {warning}");
        trainer.Run();
    }

    /// <summary>
    /// <c>--eval</c>: the newest checkpoint whose name contains --modeltag in --eval-resume, loaded strictly,
    /// evaluated once on the test split; reports "TEST Epoch -1: ...".
    /// </summary>
    private static void Evaluate(
        TrainPyOptions o,
        ModelSpec spec,
        ConvolutionImplementation convolutions,
        TestStatistics? statistics,
        Device device,
        ReferenceLog log,
        ICollectives world
    )
    {
        var testSet = TrainPyData.Open(o, log, withTraining: false, new Shard(world.Rank, world.WorldSize)).Test;
        log.Print("load data successfully");
        log.Print($"model: {spec.Describe()}");

        using var model = BuildModel(o, spec, convolutions, device);
        var path = CheckpointLocator.Find(o.EvalResume, o.ModelTag);
        log.Print($"The model checkpoint matching the provided modeltag is \t {Path.GetFileName(path)}");
        CheckpointEvaluation.Load(
            model,
            path,
            TorchCheckpointReader.StateDictKey,
            CheckpointArchitectureHint.LoadOptions(o.Verbose)
        );

        log.Begin();
        var (result, spikes) = TestPass.Run(
            model,
            testSet.Epoch(-1).Select(b => (b.Images, b.Labels)),
            device,
            Evaluator.ChunkFor(device, spec.Glif.TimeSteps),
            world,
            statistics
        );
        // The reference's message ends with a newline of its own, so a blank line follows it.
        log.Info(TrainPyLog.TestLine(result, -1) + Environment.NewLine);
        if (spikes is not null && world.Rank == 0)
            SpikeStatisticsOutput.Report(log, spikes, TrainingSummaries.FolderOf(o.ModelTag));
    }
}
