using System.Collections.Immutable;
using GatedLif.Cli.CommandLine;

namespace GatedLif.Cli.Commands.TrainPy;

/// <summary>A parsed train.py command line: the reference's flags and ours. Their spellings and defaults are
/// declared once, in <see cref="TrainPyCommandLine"/>.</summary>
public sealed record TrainPyOptions
{
    public bool Eval { get; init; }
    public string EvalResume { get; init; } = "";
    public string TrainResume { get; init; } = "";
    public int BatchSize { get; init; }
    public int Epochs { get; init; }
    public double LearningRate { get; init; }
    public double Momentum { get; init; }
    public double WeightDecay { get; init; }
    public int Seed { get; init; }
    public bool AutoContinue { get; init; }
    public int DisplayInterval { get; init; }
    public int SaveInterval { get; init; }
    public string DatasetPath { get; init; } = "";
    public string TrainDir { get; init; } = "";
    public string ValDir { get; init; } = "";
    public bool TunableLif { get; init; }
    public bool Amp { get; init; }
    public string ModelTag { get; init; } = "";
    public IReadOnlyList<double> Gate { get; init; } = [];
    public bool StaticGate { get; init; }
    public bool StaticParam { get; init; }
    public bool ChannelWise { get; init; }
    public bool SoftSimple { get; init; }
    public bool SoftMode { get; init; }
    public int T { get; init; }
    public bool RandomGate { get; init; }
    public bool ImageNet { get; init; }
    public bool Cifar100 { get; init; }

    /// <summary>The architecture flags given: those of <see cref="ModelSelection.Flags"/>, each an entry's.</summary>
    public ImmutableHashSet<string> ModelFlags { get; init; } = [];

    // Ours.
    public string? Device { get; init; }
    public bool Verbose { get; init; }
    public bool NoDownload { get; init; }
    public double Width { get; init; }
    public int? Workers { get; init; }
    public bool SkipBadImages { get; init; }
    public string NeuronImpl { get; init; } = "";

    /// <summary>Ours: --conv-impl and the spike statistics, as on the dvs command line.</summary>
    public SharedOptions Shared { get; init; } = new();

    /// <summary>Every flag under argparse's name for it, as the run records them in its checkpoints
    /// (<c>args</c>).</summary>
    public IReadOnlyDictionary<string, object?> Namespace { get; init; } = new Dictionary<string, object?>();
}
