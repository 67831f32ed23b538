using System.CommandLine;
using static GatedLif.Cli.Commands.CommandParsing;

namespace GatedLif.Cli.Commands;

/// <summary>
/// The train.py command line: every reference flag with its spelling and default, plus ours, read with
/// argparse's conventions (<see cref="ArgparseCompatibility"/>).
/// </summary>
public sealed class TrainCommandLine
{
    private readonly Option<bool> _eval = Flag("--eval", "Evaluate the newest checkpoint matching --modeltag in --eval-resume.");
    private readonly Option<string> _evalResume = Value("--eval-resume", "./raw/models", "Folder holding checkpoints to evaluate.");
    private readonly Option<string> _trainResume = Value("--train-resume", "./raw/models", "Folder holding checkpoints to resume from.");
    private readonly Option<int> _batchSize = Value("--batch-size", 72, "Batch size.");
    private readonly Option<int> _epochs = Value("--epochs", 200, "Total training epochs.");
    private readonly Option<double> _learningRate = Value("--learning-rate", 0.1, "Initial learning rate.");
    private readonly Option<double> _momentum = Value("--momentum", 0.9, "SGD momentum.");
    private readonly Option<double> _weightDecay = Value("--weight-decay", 4e-5, "Weight decay (not on GLIF parameters).");
    private readonly Option<int> _seed = Value("--seed", 9, "Random seed.");
    private readonly Option<bool> _autoContinue = Flag("--auto-continue", "Resume from the newest checkpoint of --modeltag.");
    private readonly Option<int> _displayInterval = Value("--display-interval", 10, "Print a training line every N batches.");
    private readonly Option<int> _saveInterval = Value("--save-interval", 10, "Save a checkpoint every N epochs.");
    private readonly Option<string> _datasetPath = Value("--dataset-path", "./dataset/", "Folder that contains cifar-10-batches-py or cifar-100-python.");
    private readonly Option<string> _trainDir = Value("--train-dir", "./imagenet/train", "ImageNet training folder (ImageFolder layout).");
    private readonly Option<string> _valDir = Value("--val-dir", "./imagenet/val", "ImageNet validation folder (ImageFolder layout).");
    private readonly Option<bool> _tunableLif = Flag("--tunable-lif", "Separate parameter group for the gates (lr / 10).");
    private readonly Option<bool> _amp = Flag("--amp", "Mixed precision.");
    private readonly Option<string> _modelTag = Value("--modeltag", "SNN", "Experiment name; checkpoints are named after it.");
    private readonly Option<double[]> _gate = new("--gate")
    {
        Description = "Initial gates g_alpha g_beta g_gamma.",
        DefaultValueFactory = _ => [0.6, 0.8, 0.6],
        AllowMultipleArgumentsPerToken = true,
        Arity = ArgumentArity.OneOrMore,
    };
    private readonly Option<bool> _staticGate = Flag("--static-gate", "Gates get no gradient.");
    private readonly Option<bool> _staticParam = Flag("--static-param", "Layer-wise: fixed tau, Vth, leak and conduct.");
    private readonly Option<bool> _channelWise = Flag("--channel-wise", "Channel-wise GLIF.");
    private readonly Option<bool> _softSimple = Flag("--softsimple", "Coarsely fused GLIF_f.");
    private readonly Option<bool> _softMode = Flag("--soft-mode", "Soft (sigmoid) gates instead of hard (step) gates.");
    private readonly Option<int> _t = Value("--t", 3, "Time steps T.");
    private readonly Option<bool> _randomGate = Flag("--randomgate", "Uniform(-0.1, 0.1) initial gates.");
    private readonly Option<bool> _imageNet = Flag("--imagenet", "ImageNet experiment.");
    private readonly Option<bool> _cifar100 = Flag("--cifar100", "CIFAR-100 experiment.");
    private readonly Option<bool> _stand18 = Flag("--stand18", "ResNet-18 (CIFAR).");
    private readonly Option<bool> _cifarNet = Flag("--cifarnet", "CIFARNet.");
    private readonly Option<bool> _ms18 = Flag("--MS18", "ResNet-18MS (ImageNet).");
    private readonly Option<bool> _ms34 = Flag("--MS34", "ResNet-34MS (ImageNet).");
    private readonly Option<string?> _device = new("--device") { Description = "Ours: cpu, cuda or cuda:N (default: cuda when available, else cpu)." };
    private readonly Option<bool> _verbose = Flag("--verbose", "Ours: show stack traces with errors.");
    private readonly Option<bool> _noDownload = Flag("--no-download", "Ours: never download CIFAR; fail if the data folder is missing.");
    private readonly Option<string> _neuronImpl = Value("--neuron-impl", "fused", "Ours: fused (one autograd function per neuron call), fused-ops (the same with TorchSharp operations, the CUDA path) or unrolled (per-step autograd, as the reference).");
    private readonly Option<double> _width = Value("--width", 1.0, "Ours: channel multiplier of the CIFAR ResNets (e.g. 0.25 for a quick run); 1 is the reference's network.");
    private readonly Option<int?> _workers = new("--workers", "-j") { Description = "Ours: threads that decode and augment ImageNet images (default: one per core)." };
    private readonly Option<bool> _skipBadImages = Flag("--skip-bad-images", "Ours: log and leave out ImageNet files that cannot be decoded (default: stop with an error naming the file).");

    public TrainCommandLine()
    {
        Command = new RootCommand("GatedLif.NET: train and evaluate GLIF spiking networks with the flags of the reference train.py. Other commands: inspect CHECKPOINT, fashion-mnist, dvs (each with --help).");
        Option[] all =
        [
            _eval, _evalResume, _trainResume, _batchSize, _epochs, _learningRate, _momentum, _weightDecay, _seed,
            _autoContinue, _displayInterval, _saveInterval, _datasetPath, _trainDir, _valDir, _tunableLif, _amp,
            _modelTag, _gate, _staticGate, _staticParam, _channelWise, _softSimple, _softMode, _t, _randomGate,
            _imageNet, _cifar100, _stand18, _cifarNet, _ms18, _ms34, _device, _verbose, _noDownload, _width, _workers, _skipBadImages, _neuronImpl,
        ];
        foreach (var option in all)
            Command.Options.Add(option);
        ValueCounts = all.ToDictionary(o => o.Name, o => o.Arity.MaximumNumberOfValues);
    }

    public RootCommand Command { get; }

    /// <summary>Every long flag and the most values it takes.</summary>
    public IReadOnlyDictionary<string, int> ValueCounts { get; }

    /// <summary>Parses after applying argparse's conventions (prefixes, repeated flags).</summary>
    public System.CommandLine.ParseResult ParseRaw(IEnumerable<string> args) =>
        Command.Parse(ArgparseCompatibility.Normalize(args, ValueCounts));

    public TrainOptions Bind(ParseResult r) => new()
    {
        Eval = r.GetValue(_eval),
        EvalResume = r.GetValue(_evalResume)!,
        TrainResume = r.GetValue(_trainResume)!,
        BatchSize = r.GetValue(_batchSize),
        Epochs = r.GetValue(_epochs),
        LearningRate = r.GetValue(_learningRate),
        Momentum = r.GetValue(_momentum),
        WeightDecay = r.GetValue(_weightDecay),
        Seed = r.GetValue(_seed),
        AutoContinue = r.GetValue(_autoContinue),
        DisplayInterval = r.GetValue(_displayInterval),
        SaveInterval = r.GetValue(_saveInterval),
        DatasetPath = r.GetValue(_datasetPath)!,
        TrainDir = r.GetValue(_trainDir)!,
        ValDir = r.GetValue(_valDir)!,
        TunableLif = r.GetValue(_tunableLif),
        Amp = r.GetValue(_amp),
        ModelTag = r.GetValue(_modelTag)!,
        Gate = r.GetValue(_gate)!,
        StaticGate = r.GetValue(_staticGate),
        StaticParam = r.GetValue(_staticParam),
        ChannelWise = r.GetValue(_channelWise),
        SoftSimple = r.GetValue(_softSimple),
        SoftMode = r.GetValue(_softMode),
        T = r.GetValue(_t),
        RandomGate = r.GetValue(_randomGate),
        ImageNet = r.GetValue(_imageNet),
        Cifar100 = r.GetValue(_cifar100),
        Stand18 = r.GetValue(_stand18),
        CifarNet = r.GetValue(_cifarNet),
        MS18 = r.GetValue(_ms18),
        MS34 = r.GetValue(_ms34),
        Device = r.GetValue(_device),
        Verbose = r.GetValue(_verbose),
        NoDownload = r.GetValue(_noDownload),
        Width = r.GetValue(_width),
        Workers = r.GetValue(_workers),
        SkipBadImages = r.GetValue(_skipBadImages),
        NeuronImpl = r.GetValue(_neuronImpl)!,
    };

    /// <summary>Parses a full argument list; throws <see cref="UsageException"/> on any parse error.</summary>
    public TrainOptions Parse(IReadOnlyList<string> args)
    {
        return Bind(CommandParsing.ThrowOnErrors(ParseRaw(args)));
    }}
