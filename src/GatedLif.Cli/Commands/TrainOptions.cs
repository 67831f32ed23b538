namespace GatedLif.Cli.Commands;

/// <summary>The flags of the reference's train.py (same spellings and defaults) plus ours.</summary>
public sealed record TrainOptions
{
    public bool Eval { get; init; }
    public string EvalResume { get; init; } = "./raw/models";
    public string TrainResume { get; init; } = "./raw/models";
    public int BatchSize { get; init; } = 72;
    public int Epochs { get; init; } = 200;
    public double LearningRate { get; init; } = 0.1;
    public double Momentum { get; init; } = 0.9;
    public double WeightDecay { get; init; } = 4e-5;
    public int Seed { get; init; } = 9;
    public bool AutoContinue { get; init; }
    public int DisplayInterval { get; init; } = 10;
    public int SaveInterval { get; init; } = 10;
    public string DatasetPath { get; init; } = "./dataset/";
    public string TrainDir { get; init; } = "./imagenet/train";
    public string ValDir { get; init; } = "./imagenet/val";
    public bool TunableLif { get; init; }
    public bool Amp { get; init; }
    public string ModelTag { get; init; } = "SNN";
    public IReadOnlyList<double> Gate { get; init; } = [0.6, 0.8, 0.6];
    public bool StaticGate { get; init; }
    public bool StaticParam { get; init; }
    public bool ChannelWise { get; init; }
    public bool SoftSimple { get; init; }
    public bool SoftMode { get; init; }
    public int T { get; init; } = 3;
    public bool RandomGate { get; init; }
    public bool ImageNet { get; init; }
    public bool Cifar100 { get; init; }
    public bool Stand18 { get; init; }
    public bool CifarNet { get; init; }
    public bool MS18 { get; init; }
    public bool MS34 { get; init; }

    // Ours.
    /// <summary>cpu, cuda or cuda:N; by default CUDA when TorchSharp sees a GPU, else CPU, as train.py does.</summary>
    public string? Device { get; init; }
    /// <summary>Show stack traces with errors.</summary>
    public bool Verbose { get; init; }
    /// <summary>Do not download CIFAR when the data folder is missing.</summary>
    public bool NoDownload { get; init; }
    /// <summary>Channel multiplier of the CIFAR ResNets (1 = the reference's networks).</summary>
    public double Width { get; init; } = 1.0;
    /// <summary>Threads that decode and augment ImageNet images (<c>-j</c>); null: one per core.</summary>
    public int? Workers { get; init; }
    /// <summary>Log and leave out ImageNet files that cannot be decoded instead of stopping.</summary>
    public bool SkipBadImages { get; init; }
    /// <summary>How GLIF neurons run their time steps: fused, fused-ops or unrolled.</summary>
    public string NeuronImpl { get; init; } = "fused";
}
