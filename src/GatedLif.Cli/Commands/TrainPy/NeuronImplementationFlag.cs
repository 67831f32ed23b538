using GatedLif.Cli.CommandLine;
using GatedLif.Neurons;

namespace GatedLif.Cli.Commands.TrainPy;

/// <summary>The values of <c>--neuron-impl</c>.</summary>
public static class NeuronImplementationFlag
{
    private static readonly Dictionary<string, NeuronImplementation> Values = new()
    {
        ["fused"] = NeuronImplementation.Fused,
        ["fused-ops"] = NeuronImplementation.FusedTensorOps,
        ["unrolled"] = NeuronImplementation.Unrolled,
    };

    public static IReadOnlyCollection<string> Names => Values.Keys;

    public static NeuronImplementation Parse(string value) =>
        Values.TryGetValue(value, out var impl)
            ? impl
            : throw new UsageException(
                $"--neuron-impl must be one of {string.Join(", ", Values.Keys)} (got '{value}')"
            );
}
