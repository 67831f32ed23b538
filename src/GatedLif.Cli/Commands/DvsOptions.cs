namespace GatedLif.Cli.Commands;

/// <summary>The flags of cifar10dvs/train.py (single dash, its spellings and defaults) plus ours.</summary>
public sealed record DvsOptions
{
    public int T { get; init; } = 16;
    /// <summary>-device; null when not given (ours: CUDA when visible, else the CPU; the reference defaults to cuda:0).</summary>
    public string? Device { get; init; }
    public int B { get; init; } = 16;
    public int Epochs { get; init; } = 64;
    public int J { get; init; } = 16;
    public string DataDir { get; init; } = "/raid/wfang/datasets/CIFAR10DVS";
    public string OutDir { get; init; } = "./logs";
    public string? Resume { get; init; }
    public bool Amp { get; init; }
    public string Opt { get; init; } = "SGD";
    public double Lr { get; init; } = 0.1;
    public double Momentum { get; init; } = 0.9;
    public string LrScheduler { get; init; } = "CosALR";
    public double StepSize { get; init; } = 32;
    public double Gamma { get; init; } = 0.1;
    public int TMax { get; init; } = 64;
    public string? Model { get; init; }
    public string? Cnf { get; init; }
    public int? TTrain { get; init; }
    public string DtsCache { get; init; } = "./dts_cache";
    public bool DsrDa { get; init; }
    /// <summary>Ours: evaluate the test split with the -resume checkpoint and stop.</summary>
    public bool Eval { get; init; }
    /// <summary>The reference seeds its generators with 9 and has no flag for it.</summary>
    public int Seed { get; init; } = 9;
}
