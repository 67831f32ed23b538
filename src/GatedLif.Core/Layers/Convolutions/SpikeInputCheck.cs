using System.Globalization;
using static TorchSharp.torch;

namespace GatedLif.Layers.Convolutions;

/// <summary>
/// A debug check that a convolution marked as reading spikes is given what its mark says: 0/1 for
/// <see cref="SpikeInput.Binary"/>, nothing negative for <see cref="SpikeInput.NonNegative"/>. The spike kernel
/// is right for any input, so a wrong mark costs only speed; the check finds one. Off by default (a pass over
/// every such input): <c>GATEDLIF_CHECK_SPIKE_INPUTS=1</c> turns it on for every route from the start,
/// <see cref="ConvolutionRoutes.CheckInputs"/> for one model.
/// </summary>
internal static class SpikeInputCheck
{
    public const string EnvironmentVariable = "GATEDLIF_CHECK_SPIKE_INPUTS";

    /// <summary>What new routes start with, from the environment.</summary>
    public static bool Default { get; } = Environment.GetEnvironmentVariable(EnvironmentVariable) == "1";

    public static void Verify(ConvolutionRoute route, Tensor input)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var wrong = route.Input == SpikeInput.Binary ? input.ne(0).logical_and(input.ne(1)) : input.lt(0);
        if (!wrong.any().item<bool>())
            return;
        var value = input.masked_select(wrong)[0].to_type(ScalarType.Float64).item<double>();
        throw new InvalidOperationException(
            string.Create(
                CultureInfo.InvariantCulture,
                $"{route.Name} is marked as reading "
                    + $"{(route.Input == SpikeInput.Binary ? "spikes (0 or 1)" : "non-negative spike sums")} but was "
                    + $"given {value}"
            )
        );
    }
}
