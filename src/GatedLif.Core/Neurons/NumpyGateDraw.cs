using GatedLif.Randomness;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Neurons;

/// <summary>
/// How the reference's CIFAR10-DVS neuron (cifar10dvs/layers.py, <c>LIFSpike_CW.__init__</c>) starts its gates:
/// α, β, γ in turn, each <c>torch.tensor(0.2 * (np.random.rand(C) - 0.5))</c>, float64 from NumPy's global
/// generator. Drawn as each neuron is built, so the draws follow the reference's construction order, and torch's
/// generator, which the convolutions' initialisation and the data loaders use, is left where the reference's is.
/// </summary>
public static class NumpyGateDraw
{
    public const double Scale = 0.2;

    /// <summary>Draws the gates of <paramref name="neuron"/> (float64 α, β, γ of one value per channel) from <paramref
    /// name="numpy"/>.</summary>
    public static T Draw<T>(T neuron, NumpyLegacyRandom numpy)
        where T : nn.Module
    {
        var own = neuron.named_parameters(recurse: false).ToDictionary(p => p.name, p => p.parameter);
        using var _ = no_grad();
        foreach (var gate in GlifParameter.Gates)
        {
            if (!own.TryGetValue(gate.Name, out var parameter) || parameter.dtype != float64 || parameter.dim() != 1)
                throw new ArgumentException(
                    $"{neuron.GetName()}: NumPy's gate draw takes float64 channel-wise gates, and "
                        + $"'{gate.Name}' is not one"
                );
            var values = numpy.Rand((int)parameter.shape[0]).Select(r => Scale * (r - 0.5)).ToArray();
            using var drawn = tensor(values, float64);
            parameter.copy_(drawn);
        }
        return neuron;
    }
}
