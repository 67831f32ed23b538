using GatedLif.Models.Blocks;
using GatedLif.Neurons;
using GatedLif.Randomness;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Models.Networks;

/// <summary>The CIFAR10-DVS models of cifar10dvs/smodels.py by their <c>-model</c> names.</summary>
public static class DvsModels
{
    public const string WideNet7B = "SEWResNet_GLIF_dsr";
    public const string Glif = "SEWResNet_GLIF";
    public const string VanillaLif = "SEWResNet_vanillaLIF";
    public const string Plif = "SEWResNet";

    public static readonly IReadOnlyList<string> Names = [WideNet7B, Glif, VanillaLif, Plif];

    /// <summary>
    /// The GLIF settings of the DVS code: T steps, gates [0.8, 0.2, 0.8] (drawn anew, see Create), soft mode, and the DVS
    /// constants τ = 0.5, Vth = 0.99999, leak = 0.99999 / 32, conduct = 0.9; the gates are float64 as in the reference.
    /// </summary>
    public static GlifSettings GlifSettingsFor(int timeSteps) =>
        new(timeSteps, [0.8, 0.2, 0.8], SoftMode: true, Constants: GlifConstants.Dvs, Float64Gates: true);

    /// <summary>
    /// Which CIFAR10-DVS model a state dict (keys without <c>module.</c>) belongs to, by building each one the
    /// reference can train (the 7B-wideNet at 48x48, the others at 128x128) and comparing keys and shapes; T is
    /// null for the plain-LIF and PLIF models, whose weights do not record it. The connect function leaves no trace.
    /// </summary>
    public static (string Name, int? TimeSteps, int InputSide)? Recognize(IReadOnlyDictionary<string, long[]> shapes)
    {
        if (!shapes.ContainsKey("out.weight"))
            return null;
        int steps = ArchitectureRecognizer.TimeSteps(shapes);
        foreach (var (name, side) in new[] { (WideNet7B, 48), (Glif, 128), (VanillaLif, 128), (Plif, 128) })
        {
            using var scope = NewDisposeScope();
            using var model = Create(name, ConnectFunction.ADD, steps, side, new NumpyLegacyRandom(0));
            if (ArchitectureRecognizer.HasExactly(model, shapes))
                return (name, RecordsTimeSteps(name) ? steps : null, side);
        }
        return null;
    }

    /// <summary>
    /// Whether a model's weights depend on T (the GLIF neurons' conduct has one row per step). The others run on
    /// any number of steps, which is what lets the PLIF baseline train on fewer frames than it tests on.
    /// </summary>
    public static bool RecordsTimeSteps(string name) => name is WideNet7B or Glif;

    /// <summary>
    /// Builds a model for inputs [N, T, 2, side, side]. Convolutions, BatchNorm and the read-out start as PyTorch
    /// starts them, from torch's default generator. GLIF models draw every neuron's α, β, γ from Uniform(-0.1, 0.1)
    /// on <paramref name="numpy"/> as each neuron is built, as the reference's channel-wise neuron does in its
    /// constructor with NumPy's global generator (<see cref="NumpyGateDraw"/>); the other models draw nothing from it.
    /// The PLIF baseline (<c>SEWResNet</c>, the reference's <c>ResNetN</c>) has SpikingJelly's parametric LIF neurons
    /// (τ₀ = 2, reset detached) and max pooling, and ignores <paramref name="timeSteps"/>.
    /// </summary>
    public static nn.Module<Tensor, Tensor> Create(string name, ConnectFunction connect, int timeSteps, int inputSide,
        NumpyLegacyRandom numpy)
    {
        switch (name)
        {
            case WideNet7B:
            case Glif:
            {
                var settings = GlifSettingsFor(timeSteps);
                var stages = name == WideNet7B ? SewResNet.WideNet7B : SewResNet.PoolEveryStage;
                return new SewResNet(stages, connect, c => NumpyGateDraw.Draw(new ChannelWiseGlif(c, settings), numpy), inputSide);
            }
            case VanillaLif:
                return new SewResNet(SewResNet.PoolEveryStage, connect,
                    _ => new PlainLif(GlifConstants.Dvs.Tau, GlifConstants.Dvs.Vth), inputSide);
            case Plif:
                return new SewResNet(SewResNet.PoolEveryStage, connect, _ => new ParametricLif(), inputSide,
                    pooling: StagePooling.Max);
            default:
                throw new InvalidSettingException("Model", $"model '{name}': expected one of {string.Join(", ", Names)}");
        }
    }
}
