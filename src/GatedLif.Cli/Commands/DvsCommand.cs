using System.CommandLine;
using GatedLif.Cli.Training;
using GatedLif.Models.Blocks;
using GatedLif.Models.Networks;
using static GatedLif.Cli.Commands.CommandParsing;

namespace GatedLif.Cli.Commands;

/// <summary>
/// <c>gatedlif dvs</c>: cifar10dvs/train.py — CIFAR10-DVS from raw .aedat files or SpikingJelly's frame cache,
/// the SEW ResNets with GLIF or plain LIF neurons, its single-dash flags and defaults, its checkpoints and
/// per-epoch line. <c>--eval</c> (ours) evaluates the <c>-resume</c> checkpoint on the test split.
/// </summary>
public static class DvsCommand
{
    public const string Name = "dvs";

    private static readonly Option<int> T = Value("-T", 16, "simulating time-steps");
    private static readonly Option<string?> Device = new("-device") { Description = "cpu, cuda or cuda:N (default: cuda when visible, else cpu; the reference's default is cuda:0)" };
    private static readonly Option<int> B = Value("-b", 16, "batch size");
    private static readonly Option<int> Epochs = Value("-epochs", 64, "number of total epochs to run");
    private static readonly Option<int> J = Value("-j", 16, "parallel workers for building frames and loading batches");
    private static readonly Option<string> DataDir = Value("-data_dir", "/raid/wfang/datasets/CIFAR10DVS", "folder with <class>/*.aedat (or extract/<class>/*.aedat) and the frame cache");
    private static readonly Option<string> OutDir = Value("-out_dir", "./logs", "root dir for saving logs and checkpoint");
    private static readonly Option<string?> Resume = new("-resume") { Description = "resume from the checkpoint path" };
    private static readonly Option<bool> Amp = new("-amp") { Description = "automatic mixed precision training" };
    private static readonly Option<string> Opt = Value("-opt", "SGD", "use which optimizer. SGD or Adam");
    private static readonly Option<double> Lr = Value("-lr", 0.1, "learning rate");
    private static readonly Option<double> Momentum = Value("-momentum", 0.9, "momentum for SGD");
    private static readonly Option<string> LrScheduler = Value("-lr_scheduler", "CosALR", "use which schedule. StepLR or CosALR");
    private static readonly Option<double> StepSize = Value("-step_size", 32.0, "step_size for StepLR");
    private static readonly Option<double> Gamma = Value("-gamma", 0.1, "gamma for StepLR");
    private static readonly Option<int> TMax = Value("-T_max", 64, "T_max for CosineAnnealingLR");
    private static readonly Option<string?> Model = new("-model") { Description = string.Join(", ", DvsModels.Names) };
    private static readonly Option<string?> Cnf = new("-cnf") { Description = "SEW connect function: ADD, AND or IAND" };
    private static readonly Option<int?> TTrain = new("-T_train") { Description = "train on a random sorted subset of T_train frames" };
    private static readonly Option<string> DtsCache = Value("-dts_cache", "./dts_cache", "accepted for compatibility; the split is recomputed from the frame cache");
    private static readonly Option<bool> DsrDa = new("--dsr_da") { Description = "DownSample Resolution for SNNs: resize to 48x48, random crop (padding 4) in training" };
    private static readonly Option<bool> Eval = new("--eval") { Description = "Ours: evaluate the -resume checkpoint on the test split and stop" };
    private static readonly Option<bool> Verbose = new("--verbose") { Description = "Ours: show stack traces with errors" };

    public static int Run(string[] args)
    {
        var command = new RootCommand("CIFAR10-DVS training and evaluation with the flags of the reference's cifar10dvs/train.py.")
        {
            T, Device, B, Epochs, J, DataDir, OutDir, Resume, Amp, Opt, Lr, Momentum, LrScheduler, StepSize, Gamma, TMax,
            Model, Cnf, TTrain, DtsCache, DsrDa, Eval, Verbose,
        };
        if (CommandParsing.AsksForHelp(args))
            return command.Parse(args).Invoke();
        var options = Validate(Bind(CommandParsing.ThrowOnErrors(command.Parse(args))));
        if (Distributed.WorldEnvironment.FromEnvironment().IsDistributed)
            throw new NotImplementedYetException("dvs with several ranks (the reference trains CIFAR10-DVS on one GPU): run it as one process", "a later issue");
        var device = DeviceChoice.Resolve(options.Device, "-device");
        var session = new DvsSession(options, device);
        return options.Eval ? session.Evaluate() : session.Train();
    }

    public static DvsOptions Bind(ParseResult r) => new()
    {
        T = r.GetValue(T), Device = r.GetValue(Device), B = r.GetValue(B), Epochs = r.GetValue(Epochs), J = r.GetValue(J),
        DataDir = r.GetValue(DataDir)!, OutDir = r.GetValue(OutDir)!, Resume = r.GetValue(Resume), Amp = r.GetValue(Amp),
        Opt = r.GetValue(Opt)!, Lr = r.GetValue(Lr), Momentum = r.GetValue(Momentum), LrScheduler = r.GetValue(LrScheduler)!,
        StepSize = r.GetValue(StepSize), Gamma = r.GetValue(Gamma), TMax = r.GetValue(TMax), Model = r.GetValue(Model),
        Cnf = r.GetValue(Cnf), TTrain = r.GetValue(TTrain), DtsCache = r.GetValue(DtsCache)!, DsrDa = r.GetValue(DsrDa),
        Eval = r.GetValue(Eval),
    };

    /// <summary>The reference's checks (its asserts and NotImplementedErrors) as usage errors, plus ours.</summary>
    public static DvsOptions Validate(DvsOptions o)
    {
        if (o.Model is null)
            throw new UsageException($"-model is required: one of {string.Join(", ", DvsModels.Names)}");
        if (!DvsModels.Names.Contains(o.Model))
            throw new UsageException($"-model {o.Model}: expected one of {string.Join(", ", DvsModels.Names)}");
        if (o.Model == DvsModels.Plif)
            throw new NotImplementedYetException($"-model {DvsModels.Plif} (the PLIF baseline: SpikingJelly's ParametricLIF neurons, max pooling)", "a later issue");
        try
        {
            ConnectFunctions.Parse(o.Cnf);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
        if (o.T < 1) throw new UsageException($"-T must be at least 1 (got {o.T})");
        if (o.B < 1) throw new UsageException($"-b must be at least 1 (got {o.B})");
        if (o.J < 1) throw new UsageException($"-j must be at least 1 (got {o.J})");
        if (o.Opt is not ("SGD" or "Adam")) throw new UsageException($"-opt {o.Opt}: expected SGD or Adam");
        if (o.LrScheduler is not ("CosALR" or "StepLR")) throw new UsageException($"-lr_scheduler {o.LrScheduler}: expected CosALR or StepLR");
        if (o.LrScheduler == "StepLR" && !(o.StepSize > 0)) throw new UsageException($"-step_size must be positive (got {o.StepSize})");
        if (o.LrScheduler == "CosALR" && o.TMax < 1) throw new UsageException($"-T_max must be at least 1 (got {o.TMax})");
        if (o.TTrain is { } tt && tt != o.T)
            throw new UsageException($"-T_train {tt}: model {o.Model} runs exactly -T {o.T} steps, so -T_train must equal -T or be left out");
        if (o.Model == DvsModels.WideNet7B && !o.DsrDa)
            throw new UsageException($"-model {DvsModels.WideNet7B} (7B-wideNet) needs --dsr_da (48x48 input)");
        if (o.Model == DvsModels.Glif && o.DsrDa)
            throw new UsageException($"-model {DvsModels.Glif} pools 7 times and needs the 128x128 input: leave out --dsr_da");
        if (o.Eval && o.Resume is null)
            throw new UsageException("--eval needs -resume PATH (the checkpoint to evaluate)");
        return o;
    }}
