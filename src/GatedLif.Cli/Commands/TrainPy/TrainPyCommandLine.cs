using System.CommandLine;
using GatedLif.Cli.CommandLine;
using GatedLif.Neurons;
using GatedLif.Statistics;
using GatedLif.Training.Checkpointing;

namespace GatedLif.Cli.Commands.TrainPy;

/// <summary>
/// The train.py command line: every reference flag with its spelling and default, then ours, in one table, read
/// with argparse's conventions (<see cref="ArgparseCompatibility"/>).
/// </summary>
public sealed class TrainPyCommandLine
{
    public const string Description =
        "Train and evaluate GLIF spiking networks with the flags of the reference's train.py (CIFAR-10/100, ImageNet).";

    public FlagTable<TrainPyOptions> Flags { get; } =
        new()
        {
            {
                "--eval",
                "Evaluate the newest checkpoint matching --modeltag in --eval-resume.",
                (o, v) => o with { Eval = v }
            },
            {
                "--eval-resume",
                CheckpointNames.DefaultFolder,
                "Folder holding checkpoints to evaluate.",
                (o, v) => o with { EvalResume = v }
            },
            {
                "--train-resume",
                CheckpointNames.DefaultFolder,
                "Folder holding checkpoints to resume from.",
                (o, v) => o with { TrainResume = v }
            },
            {
                "--batch-size",
                72,
                "Batch size (per process).",
                (o, v) => o with { BatchSize = v },
                FlagCheck.AtLeast(1)
            },
            { "--epochs", 200, "Total training epochs.", (o, v) => o with { Epochs = v }, FlagCheck.AtLeast(1) },
            { "--learning-rate", 0.1, "Initial learning rate.", (o, v) => o with { LearningRate = v } },
            { "--momentum", 0.9, "SGD momentum.", (o, v) => o with { Momentum = v } },
            { "--weight-decay", 4e-5, "Weight decay (not on GLIF parameters).", (o, v) => o with { WeightDecay = v } },
            { "--seed", 9, "Random seed.", (o, v) => o with { Seed = v } },
            {
                "--auto-continue",
                "Resume from the newest checkpoint of --modeltag in --train-resume.",
                (o, v) => o with { AutoContinue = v }
            },
            {
                "--display-interval",
                10,
                "Print a training line every N batches.",
                (o, v) => o with { DisplayInterval = v },
                FlagCheck.AtLeast(1)
            },
            {
                "--save-interval",
                10,
                "Save a checkpoint every N epochs.",
                (o, v) => o with { SaveInterval = v },
                FlagCheck.AtLeast(1)
            },
            {
                "--dataset-path",
                "./dataset/",
                "Folder that contains cifar-10-batches-py or cifar-100-python.",
                (o, v) => o with { DatasetPath = v }
            },
            {
                "--train-dir",
                "./imagenet/train",
                "ImageNet training folder (ImageFolder layout).",
                (o, v) => o with { TrainDir = v }
            },
            {
                "--val-dir",
                "./imagenet/val",
                "ImageNet validation folder (ImageFolder layout).",
                (o, v) => o with { ValDir = v }
            },
            {
                "--tunable-lif",
                "Separate parameter groups for LIF parameters and gates (gates: lr / 10).",
                (o, v) => o with { TunableLif = v }
            },
            { "--amp", "Mixed precision (float16 autocast and a GradScaler on CUDA).", (o, v) => o with { Amp = v } },
            {
                "--modeltag",
                "SNN",
                "Experiment name; checkpoints are named after it.",
                (o, v) => o with { ModelTag = v }
            },
            {
                new Option<double[]>("--gate")
                {
                    Description = "Initial gates g_alpha g_beta g_gamma.",
                    DefaultValueFactory = _ => [.. GlifSettings.DefaultGates],
                    AllowMultipleArgumentsPerToken = true,
                    Arity = ArgumentArity.OneOrMore,
                },
                (o, v) => o with { Gate = v }
            },
            { "--static-gate", "Gates get no gradient.", (o, v) => o with { StaticGate = v } },
            { "--static-param", "Layer-wise: fixed tau, Vth, leak and conduct.", (o, v) => o with { StaticParam = v } },
            { "--channel-wise", "Channel-wise GLIF.", (o, v) => o with { ChannelWise = v } },
            { "--softsimple", "Coarsely fused GLIF_f.", (o, v) => o with { SoftSimple = v } },
            { "--soft-mode", "Soft (sigmoid) gates instead of hard (step) gates.", (o, v) => o with { SoftMode = v } },
            { "--t", 3, "Time steps T.", (o, v) => o with { T = v } },
            { "--randomgate", "Uniform(-0.1, 0.1) initial gates.", (o, v) => o with { RandomGate = v } },
            { "--imagenet", "ImageNet experiment.", (o, v) => o with { ImageNet = v } },
            { "--cifar100", "CIFAR-100 experiment.", (o, v) => o with { Cifar100 = v } },
            {
                ModelSelection.Flags.Select(f => (f.Name, f.Help)),
                (o, flag, v) => v ? o with { ModelFlags = o.ModelFlags.Add(flag) } : o
            },
            {
                new Option<string?>("--device")
                {
                    Description = "Ours: cpu, cuda or cuda:N (default: cuda when available, else cpu).",
                },
                (o, v) => o with { Device = v }
            },
            { "--verbose", "Ours: show stack traces with errors.", (o, v) => o with { Verbose = v } },
            {
                "--no-download",
                "Ours: never download CIFAR; fail if the data folder is missing.",
                (o, v) => o with { NoDownload = v }
            },
            {
                "--width",
                1.0,
                "Ours: channel multiplier of the ResNets (e.g. 0.25 for a quick run); 1 is the reference's network.",
                (o, v) => o with { Width = v },
                FlagCheck.Within(0, 8)
            },
            {
                new Option<int?>("--workers", "-j")
                {
                    Description = "Ours: threads that decode and augment ImageNet images (default: one per core).",
                },
                (o, v) => o with { Workers = v },
                FlagCheck.AtLeastWhenGiven(1)
            },
            {
                "--skip-bad-images",
                "Ours: log and leave out ImageNet files that cannot be decoded (default: stop with an "
                    + "error naming the file).",
                (o, v) => o with { SkipBadImages = v }
            },
            {
                "--neuron-impl",
                "fused",
                "Ours: fused (one autograd function per neuron call), fused-ops (the same with TorchSharp "
                    + "operations, the CUDA path) or unrolled (per-step autograd, as the reference).",
                (o, v) => o with { NeuronImpl = v },
                FlagCheck.OneOf(NeuronImplementationFlag.Names)
            },
            { SharedFlags.Table(), o => o.Shared, (o, shared) => o with { Shared = shared } },
        };

    public TrainPyCommandLine()
    {
        Command = new RootCommand(Description);
        Flags.AddTo(Command);
    }

    public RootCommand Command { get; }

    /// <summary>Parses after applying argparse's conventions (prefixes, repeated flags).</summary>
    public ParseResult ParseRaw(IEnumerable<string> args) =>
        Command.Parse(ArgparseCompatibility.Normalize(args, Flags.ValueCounts));

    /// <summary>Parses a full argument list; throws <see cref="UsageException"/> on any parse error or value that
    /// fails its flag's check.</summary>
    public TrainPyOptions Parse(IReadOnlyList<string> args)
    {
        var result = CommandParsing.ThrowOnErrors(ParseRaw(args));
        return Flags.Bind(result) with { Namespace = Flags.Namespace(result) };
    }
}
