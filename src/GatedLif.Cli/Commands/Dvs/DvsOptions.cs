using GatedLif.Cli.CommandLine;

namespace GatedLif.Cli.Commands.Dvs;

/// <summary>A parsed cifar10dvs/train.py command line: the reference's single-dash flags and ours. Their spellings
/// and defaults are declared once, in <see cref="DvsCommandLine"/>.</summary>
public sealed record DvsOptions
{
    public int T { get; init; }

    /// <summary>-device; null when not given (ours: cuda:0 when a GPU is visible, else the CPU with a
    /// warning).</summary>
    public string? Device { get; init; }
    public int B { get; init; }
    public int Epochs { get; init; }
    public int J { get; init; }
    public string DataDir { get; init; } = "";
    public string OutDir { get; init; } = "";
    public string? Resume { get; init; }
    public bool Amp { get; init; }
    public string Opt { get; init; } = "";
    public double Lr { get; init; }
    public double Momentum { get; init; }
    public string LrScheduler { get; init; } = "";
    public double StepSize { get; init; }
    public double Gamma { get; init; }
    public int TMax { get; init; }
    public string? Model { get; init; }
    public string? Cnf { get; init; }
    public int? TTrain { get; init; }
    public string DtsCache { get; init; } = "";
    public bool DsrDa { get; init; }

    /// <summary>Ours: evaluate the test split with the -resume checkpoint and stop.</summary>
    public bool Eval { get; init; }
    public bool Verbose { get; init; }

    /// <summary>Ours: never download the CIFAR10-DVS archives; fail naming what is missing.</summary>
    public bool NoDownload { get; init; }

    /// <summary>Ours: --conv-impl and the spike statistics, as on train.py's command line.</summary>
    public SharedOptions Shared { get; init; } = new();

    /// <summary>The reference seeds its generators with 9 and has no flag for it.</summary>
    public int Seed { get; init; } = 9;
}
