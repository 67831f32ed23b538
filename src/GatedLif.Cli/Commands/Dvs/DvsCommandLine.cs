using System.CommandLine;
using GatedLif.Cli.CommandLine;
using GatedLif.Models;
using GatedLif.Statistics;

namespace GatedLif.Cli.Commands.Dvs;

/// <summary>
/// The cifar10dvs/train.py command line: its single-dash flags with their spellings, defaults and help, then ours,
/// in one table, read with argparse's conventions (prefixes, <c>-flag=value</c>, <c>-T8</c>, the last repeat wins).
/// </summary>
public sealed class DvsCommandLine
{
    public const string Name = "dvs";

    public const string Description =
        "CIFAR10-DVS training and evaluation with the flags of the reference's cifar10dvs/train.py.";

    /// <summary>The <c>-model</c> names, as its help and usage errors list them.</summary>
    public static string ModelNames => string.Join(", ", Architectures.Dvs.Select(a => a.Name));

    public FlagTable<DvsOptions> Flags { get; } =
        new()
        {
            { "-T", 16, "simulating time-steps", (o, v) => o with { T = v }, FlagCheck.AtLeast(1) },
            {
                new Option<string?>("-device")
                {
                    Description =
                        "cpu, cuda or cuda:N (default: cuda:0 when a GPU is visible, else cpu with a warning)",
                },
                (o, v) => o with { Device = v }
            },
            { "-b", 16, "batch size", (o, v) => o with { B = v }, FlagCheck.AtLeast(1) },
            { "-epochs", 64, "number of total epochs to run", (o, v) => o with { Epochs = v }, FlagCheck.AtLeast(1) },
            {
                "-j",
                16,
                "DataLoader workers as the reference's num_workers (they decide the crop streams; 0: the main "
                    + "process draws); frames are built and read on at most this many threads, one per core",
                (o, v) => o with { J = v },
                FlagCheck.AtLeast(0)
            },
            {
                "-data_dir",
                "/raid/wfang/datasets/CIFAR10DVS",
                "folder with <class>/*.aedat (or extract/<class>/*.aedat) and the frame cache",
                (o, v) => o with { DataDir = v }
            },
            { "-out_dir", "./logs", "root dir for saving logs and checkpoint", (o, v) => o with { OutDir = v } },
            {
                new Option<string?>("-resume") { Description = "resume from the checkpoint path" },
                (o, v) => o with { Resume = v }
            },
            { "-amp", "automatic mixed precision training", (o, v) => o with { Amp = v } },
            {
                "-opt",
                "SGD",
                "use which optimizer. SGD or Adam",
                (o, v) => o with { Opt = v },
                FlagCheck.OneOf(["SGD", "Adam"])
            },
            { "-lr", 0.1, "learning rate", (o, v) => o with { Lr = v } },
            { "-momentum", 0.9, "momentum for SGD", (o, v) => o with { Momentum = v } },
            {
                "-lr_scheduler",
                "CosALR",
                "use which schedule. StepLR or CosALR",
                (o, v) => o with { LrScheduler = v },
                FlagCheck.OneOf(["CosALR", "StepLR"])
            },
            { "-step_size", 32.0, "step_size for StepLR", (o, v) => o with { StepSize = v } },
            { "-gamma", 0.1, "gamma for StepLR", (o, v) => o with { Gamma = v } },
            { "-T_max", 64, "T_max for CosineAnnealingLR", (o, v) => o with { TMax = v } },
            {
                new Option<string?>("-model") { Description = ModelNames },
                (o, v) => o with { Model = v }
            },
            {
                new Option<string?>("-cnf") { Description = "SEW connect function: ADD, AND or IAND" },
                (o, v) => o with { Cnf = v }
            },
            {
                new Option<int?>("-T_train") { Description = "train on a random sorted subset of T_train frames" },
                (o, v) => o with { TTrain = v }
            },
            {
                "-dts_cache",
                "./dts_cache",
                "folder for the train/test split of each T (split_T_{T}.json), reused while it matches the data",
                (o, v) => o with { DtsCache = v }
            },
            {
                "--dsr_da",
                "DownSample Resolution for SNNs: resize to 48x48, random crop (padding 4) in training",
                (o, v) => o with { DsrDa = v }
            },
            {
                "--eval",
                "Ours: evaluate the -resume checkpoint on the test split and stop",
                (o, v) => o with { Eval = v }
            },
            { "--verbose", "Ours: show stack traces with errors", (o, v) => o with { Verbose = v } },
            {
                "--no-download",
                "Ours: never download the CIFAR10-DVS archives into <data_dir>/download",
                (o, v) => o with { NoDownload = v }
            },
            { SharedFlags.Table(), o => o.Shared, (o, shared) => o with { Shared = shared } },
        };

    public DvsCommandLine()
    {
        Command = CommandTree.Subcommand(Name, Description);
        Flags.AddTo(Command);
    }

    public Command Command { get; }

    public ParseResult ParseRaw(IEnumerable<string> args) =>
        CommandTree.Parse(Command, ArgparseCompatibility.Normalize(args, Flags.ValueCounts));

    /// <summary>Parses a full argument list; throws <see cref="UsageException"/> on any parse error.</summary>
    public DvsOptions Parse(IReadOnlyList<string> args) => Flags.Bind(CommandParsing.ThrowOnErrors(ParseRaw(args)));
}
