using GatedLif.Checkpoints;
using GatedLif.Cli.Logging;
using GatedLif.Cli.Training;
using GatedLif.Data.Loading;
using GatedLif.Distributed;
using GatedLif.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Cli.Commands;

/// <summary>What train.py does with a parsed command line: evaluate a checkpoint (<c>--eval</c>) or train.</summary>
public static class ReferenceRun
{
    public static int Execute(TrainOptions o)
    {
        RejectInvalid(o);
        var spec = ModelSelection.From(o);
        var environment = WorldEnvironment.FromEnvironment();
        var device = ProcessGroup.DeviceFor(environment, DeviceChoice.Resolve(o.Device));
        ComputeThreads.ShareCores(environment.LocalWorldSize);
        return ProcessGroup.Run(environment, device, world =>
        {
            manual_seed(o.Seed);
            using var log = ReferenceLog.ForRank(world.Rank);
            if (world.WorldSize > 1)
                log.Print($"data parallel: {world.WorldSize} ranks over {world.Backend}, --batch-size {o.BatchSize} per rank");
            return o.Eval ? Evaluate(o, spec, device, log, world) : new TrainingSession(o, spec, device, log, world).Run();
        });
    }

    private static void RejectInvalid(TrainOptions o)
    {
        if (o.Epochs < 1)
            throw new UsageException($"--epochs must be at least 1 (got {o.Epochs})");
        if (o.DisplayInterval < 1)
            throw new UsageException($"--display-interval must be at least 1 (got {o.DisplayInterval})");
        if (o.BatchSize < 1)
            throw new UsageException($"--batch-size must be at least 1 (got {o.BatchSize})");
    }

    /// <summary>
    /// <c>--eval</c>: the newest checkpoint whose name contains --modeltag in --eval-resume, loaded strictly,
    /// evaluated once on the test split; reports "TEST Epoch -1: ...".
    /// </summary>
    private static int Evaluate(TrainOptions o, ModelSpec spec, Device device, ReferenceLog log, ICollectives world)
    {
        var testSet = RunData.Open(o, log, withTraining: false, new Shard(world.Rank, world.WorldSize)).Test;
        log.Print("load data successfully");
        log.Print($"model: {spec.Describe()}");

        using var model = ModelFactory.Create(spec, o.RandomGate);
        var path = CheckpointLocator.Find(o.EvalResume, o.ModelTag);
        log.Print($"The model checkpoint matching the provided modeltag is \t {Path.GetFileName(path)}");
        using (var checkpoint = TorchCheckpointReader.Read(path))
            StateDictLoader.Load(model, checkpoint.StateDict, path);
        model.to(device);

        TestPass.Run(model, testSet, device, spec.Glif.TimeSteps, log, epoch: -1, world);
        return 0;
    }
}
