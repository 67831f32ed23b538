using GatedLif.Cli.CommandLine;

namespace GatedLif.Cli.Benchmarks;

/// <summary>
/// One workload of the paper for <c>bench --model</c>: the reference's command line it stands for, read by our
/// front-end for that script, so the network, optimiser, T and batch are what that command line gives us (the batch
/// is the bench's choice, written into the command line).
/// </summary>
/// <param name="Name">The <c>--model</c> value.</param>
/// <param name="Title">How the bench's heading names the network.</param>
/// <param name="Script">The reference's script: train.py or cifar10dvs/train.py.</param>
/// <param name="Arguments">Its command line.</param>
/// <param name="Resolve">The front-end's reading of the command line, with the bench's --t and --batch-size.</param>
public sealed record Workload(
    string Name,
    string Title,
    string Script,
    IReadOnlyList<string> Arguments,
    Func<IReadOnlyList<string>, int?, int?, WorkloadSetup> Resolve
)
{
    public const string Flag = "--model";

    public static Workload ResNet18 { get; } =
        new(
            "resnet18",
            "ResNet-18 CW",
            "train.py",
            ["--stand18", "--channel-wise", "--soft-mode", "--t", "2", "--batch-size", "16"],
            WorkloadSetup.TrainPy
        );

    public static IReadOnlyList<Workload> All { get; } =
    [
        ResNet18,
        new(
            "resnet19",
            "ResNet-19 CW",
            "train.py",
            ["--channel-wise", "--soft-mode", "--t", "2", "--batch-size", "16"],
            WorkloadSetup.TrainPy
        ),
        new(
            "resnet18ms",
            "ResNet-18MS CW",
            "train.py",
            ["--imagenet", "--MS18", "--channel-wise", "--soft-mode", "--t", "2", "--batch-size", "4"],
            WorkloadSetup.TrainPy
        ),
        new(
            "7b-widenet",
            "7B-wideNet (SEWResNet_GLIF_dsr, ADD)",
            "cifar10dvs/train.py",
            ["-model", "SEWResNet_GLIF_dsr", "-cnf", "ADD", "--dsr_da", "-T", "16", "-b", "8"],
            WorkloadSetup.Dvs
        ),
        new(
            "sew-plif",
            "SEWResNet PLIF (ADD)",
            "cifar10dvs/train.py",
            ["-model", "SEWResNet", "-cnf", "ADD", "-T", "16", "-T_train", "8", "-b", "4"],
            WorkloadSetup.Dvs
        ),
    ];

    public string ReferenceCommand => $"{Script} {string.Join(' ', Arguments)}";

    public WorkloadSetup Setup(int? steps, int? batch) => Resolve(Arguments, steps, batch);

    public static Workload Named(string name) =>
        All.FirstOrDefault(w => w.Name == name)
        ?? throw new UsageException($"{Flag} {name}: expected one of {string.Join(", ", All.Select(w => w.Name))}");
}
