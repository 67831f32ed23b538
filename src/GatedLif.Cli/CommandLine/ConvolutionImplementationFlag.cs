using GatedLif.Layers.Convolutions;

namespace GatedLif.Cli.CommandLine;

/// <summary>The values of <c>--conv-impl</c>.</summary>
public static class ConvolutionImplementationFlag
{
    public const string Name = "--conv-impl";

    /// <summary>auto: within a few percent of the faster fixed choice on every workload of the paper, and as
    /// deterministic as they are (docs/articles/speed.md).</summary>
    public const string Default = "auto";

    public const string Description =
        "Ours: convolutions that read spikes run dense (libtorch), spike (a kernel whose work scales with the spikes; "
        + "float32 on the CPU) or auto (per layer and direction, the spike kernel where the layer's "
        + "input density at its "
        + "first call is below the crossover for its shape and this processor; saved in checkpoints; the default).";

    private static readonly Dictionary<string, ConvolutionImplementation> Values = new()
    {
        ["dense"] = ConvolutionImplementation.Dense,
        ["spike"] = ConvolutionImplementation.Spike,
        ["auto"] = ConvolutionImplementation.Auto,
    };

    public static IReadOnlyCollection<string> Names => Values.Keys;

    public static FlagCheck<string> Check => FlagCheck.OneOf(Names);

    public static ConvolutionImplementation Parse(string value) =>
        Values.TryGetValue(value, out var impl)
            ? impl
            : throw new UsageException($"{Name} must be one of {string.Join(", ", Values.Keys)} (got '{value}')");

    public static string NameOf(ConvolutionImplementation implementation) =>
        Values.First(v => v.Value == implementation).Key;
}
