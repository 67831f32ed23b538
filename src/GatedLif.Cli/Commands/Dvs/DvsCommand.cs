using GatedLif.Cli.CommandLine;
using GatedLif.Cli.Hosting;
using GatedLif.Models;
using GatedLif.Models.Blocks;
using TorchSharp;

namespace GatedLif.Cli.Commands.Dvs;

/// <summary>
/// <c>gatedlif dvs</c>: cifar10dvs/train.py — CIFAR10-DVS from raw .aedat files or SpikingJelly's frame cache,
/// the SEW ResNets with GLIF or plain LIF neurons, its single-dash flags and defaults, its checkpoints and
/// per-epoch line. <c>--eval</c> (ours) evaluates the <c>-resume</c> checkpoint on the test split.
/// </summary>
public static class DvsCommand
{
    public const string Name = DvsCommandLine.Name;

    public static int Run(string[] args, CliConsole console)
    {
        var commandLine = new DvsCommandLine();
        if (CommandParsing.AsksForHelp(args))
            return commandLine.ParseRaw(args).Invoke(console.Invocation);
        var options = Validate(commandLine.Parse(args));
        if (Distributed.WorldEnvironment.FromEnvironment().IsDistributed)
            throw new NotImplementedYetException(
                "dvs on several processes (the reference trains CIFAR10-DVS on one GPU)",
                "run it as one process, without the launcher"
            );
        return options.Eval ? DvsRun.Evaluate(options, console) : DvsRun.Train(options, console);
    }

    /// <summary>The reference's checks (its asserts and NotImplementedErrors) that involve more than one flag or a
    /// flag without a default, as usage errors, plus ours; each flag's own range is checked by its row in
    /// <see cref="DvsCommandLine"/>.</summary>
    public static DvsOptions Validate(DvsOptions o)
    {
        if (o.Model is null)
            throw new UsageException($"-model is required: one of {DvsCommandLine.ModelNames}");
        var model = Architectures.Dvs.FirstOrDefault(a => a.Name == o.Model)
            ?? throw new UsageException($"-model {o.Model}: expected one of {DvsCommandLine.ModelNames}");
        UsageException.From(
            () => ConnectFunctions.Parse(o.Cnf),
            _ => $"-cnf {o.Cnf ?? "(missing)"}: expected ADD, AND or IAND"
        );
        if (o.LrScheduler == "StepLR" && !(o.StepSize > 0))
            throw new UsageException($"-step_size must be positive (got {o.StepSize})");
        if (o.LrScheduler == "CosALR" && o.TMax < 1)
            throw new UsageException($"-T_max must be at least 1 (got {o.TMax})");
        // The reference asserts T_train == T for the GLIF and plain-LIF models; the PLIF network runs any T, and its
        // -T_train 0 (falsy in Python) means all frames.
        if (o.TTrain is { } tt && !model.TrainsOnFrameSubset && tt != o.T)
            throw new UsageException(
                $"-T_train {tt}: model {o.Model} runs exactly -T {o.T} steps, so -T_train must equal -T or be left out"
            );
        if (o.TTrain is { } subset && model.TrainsOnFrameSubset && (subset < 0 || subset > o.T))
            throw new UsageException(
                $"-T_train {subset}: a subset of the -T {o.T} frames is 1 to {o.T} of them (0: all)"
            );
        if (model.Input.DsrDa is { } dsr && dsr != o.DsrDa)
            throw new UsageException($"-model {model.Name} {model.Input.Mismatch}");
        if (o.Eval && o.Resume is null)
            throw new UsageException("--eval needs -resume PATH (the checkpoint to evaluate)");
        SpikeStatisticsFlags.For(o.Shared, o.T);
        return o;
    }
}
