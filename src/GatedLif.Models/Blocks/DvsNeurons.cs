using GatedLif.Neurons;
using GatedLif.Randomness;

namespace GatedLif.Models.Blocks;

/// <summary>
/// The neurons of a CIFAR10-DVS network: how they are made for T steps (GLIF neurons draw their gates from NumPy's
/// generator as each is built, see <see cref="NumpyGateDraw"/>), and whether their weights record T.
/// </summary>
/// <param name="RecordsTimeSteps">The weights depend on T (the GLIF neuron's conduct has one row per step); the
/// others run on any number of steps.</param>
public sealed record DvsNeurons(Func<int, NumpyLegacyRandom, NeuronFactory> For, bool RecordsTimeSteps)
{
    /// <summary>The reference's channel-wise GLIF with the DVS settings (<see cref="GlifSettingsFor"/>).</summary>
    public static DvsNeurons Glif { get; } =
        new(
            (timeSteps, numpy) =>
            {
                var settings = GlifSettingsFor(timeSteps);
                return channels => NumpyGateDraw.Draw(new ChannelWiseGlif(channels, settings), numpy);
            },
            RecordsTimeSteps: true
        );

    /// <summary>Plain LIF with the DVS τ and Vth.</summary>
    public static DvsNeurons PlainLif { get; } =
        new((_, _) => _ => new PlainLif(GlifConstants.Dvs.Tau, GlifConstants.Dvs.Vth), RecordsTimeSteps: false);

    /// <summary>SpikingJelly's parametric LIF (τ₀ = 2, reset detached).</summary>
    public static DvsNeurons ParametricLif { get; } = new((_, _) => _ => new ParametricLif(), RecordsTimeSteps: false);

    /// <summary>
    /// The GLIF settings of the DVS code: T steps, gates [0.8, 0.2, 0.8] (drawn anew, see Glif), soft mode, and the DVS
    /// constants τ = 0.5, Vth = 0.99999, leak = 0.99999 / 32, conduct = 0.9; the gates are float64 as in the reference.
    /// </summary>
    public static GlifSettings GlifSettingsFor(int timeSteps) =>
        new(timeSteps, [0.8, 0.2, 0.8], SoftMode: true, Constants: GlifConstants.Dvs, Float64Gates: true);
}
