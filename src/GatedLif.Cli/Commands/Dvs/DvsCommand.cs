using GatedLif.Cli.CommandLine;
using GatedLif.Cli.Hosting;
using GatedLif.Models.Blocks;
using GatedLif.Models.Networks;
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
            throw new NotImplementedYetException("dvs on several processes (the reference trains CIFAR10-DVS on one GPU)", "run it as one process, without the launcher");
        return options.Eval ? DvsRun.Evaluate(options, console) : DvsRun.Train(options, console);
    }

    /// <summary>The reference's checks (its asserts and NotImplementedErrors) as usage errors, plus ours.</summary>
    public static DvsOptions Validate(DvsOptions o)
    {
        if (o.Model is null)
            throw new UsageException($"-model is required: one of {string.Join(", ", DvsModels.Names)}");
        if (!DvsModels.Names.Contains(o.Model))
            throw new UsageException($"-model {o.Model}: expected one of {string.Join(", ", DvsModels.Names)}");
        UsageException.OnInvalidSetting(() => ConnectFunctions.Parse(o.Cnf),
            _ => $"-cnf {o.Cnf ?? "(missing)"}: expected ADD, AND or IAND");
        if (o.T < 1) throw new UsageException($"-T must be at least 1 (got {o.T})");
        if (o.B < 1) throw new UsageException($"-b must be at least 1 (got {o.B})");
        if (o.J < 0) throw new UsageException($"-j must be 0 (no workers: the main process loads) or more (got {o.J})");
        if (o.Epochs < 1) throw new UsageException($"-epochs must be at least 1 (got {o.Epochs})");
        if (o.Opt is not ("SGD" or "Adam")) throw new UsageException($"-opt {o.Opt}: expected SGD or Adam");
        if (o.LrScheduler is not ("CosALR" or "StepLR")) throw new UsageException($"-lr_scheduler {o.LrScheduler}: expected CosALR or StepLR");
        if (o.LrScheduler == "StepLR" && !(o.StepSize > 0)) throw new UsageException($"-step_size must be positive (got {o.StepSize})");
        if (o.LrScheduler == "CosALR" && o.TMax < 1) throw new UsageException($"-T_max must be at least 1 (got {o.TMax})");
        // The reference asserts T_train == T for the GLIF and plain-LIF models; the PLIF network runs any T, and its
        // -T_train 0 (falsy in Python) means all frames.
        if (o.TTrain is { } tt && o.Model != DvsModels.Plif && tt != o.T)
            throw new UsageException($"-T_train {tt}: model {o.Model} runs exactly -T {o.T} steps, so -T_train must equal -T or be left out");
        if (o.TTrain is { } subset && o.Model == DvsModels.Plif && (subset < 0 || subset > o.T))
            throw new UsageException($"-T_train {subset}: a subset of the -T {o.T} frames is 1 to {o.T} of them (0: all)");
        if (o.Model == DvsModels.WideNet7B && !o.DsrDa)
            throw new UsageException($"-model {DvsModels.WideNet7B} (7B-wideNet) needs --dsr_da (48x48 input)");
        if (o.Model == DvsModels.Glif && o.DsrDa)
            throw new UsageException($"-model {DvsModels.Glif} pools 7 times and needs the 128x128 input: leave out --dsr_da");
        if (o.Eval && o.Resume is null)
            throw new UsageException("--eval needs -resume PATH (the checkpoint to evaluate)");
        ConvolutionImplementationFlag.Parse(o.ConvImpl);
        SpikeStatisticsFlags.For(o.SpikeStats, o.T, o.EnergyMacPj, o.EnergyAcPj);
        return o;
    }
}
