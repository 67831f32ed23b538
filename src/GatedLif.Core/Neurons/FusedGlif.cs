using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GatedLif.Neurons;

/// <summary>
/// Coarsely fused GLIF, GLIF_f (the reference's <c>LIFSpike_CW_softsimple</c>, <c>--softsimple</c>): no gates,
/// channel-wise quantities.
/// <code>
/// I_t = x_t conduct_t
/// u_t = τ u_{t-1} (1 - o_{t-1}) - leak + I_t - reVth o_{t-1}
/// </code>
/// It owns a <c>gamma</c> parameter (initialised from the last gate value) that the update never reads.
/// </summary>
public sealed class FusedGlif : GlifNeuron
{
    // Field names equal the state_dict names so that Module.to() rebinds them after a device move.
    private Parameter gamma, tau, Vth, leak, reVth, conduct;

    public FusedGlif(int channels, GlifSettings settings) : base(nameof(FusedGlif), settings.TimeSteps)
    {
        settings.Validate();
        Channels = channels;
        var init = settings.Initial;
        gamma = AddParameter(nameof(gamma), GlifSettings.Logit(GlifSettings.GateOpening(settings.Gates[^1])), channels);
        (tau, Vth, leak, reVth, conduct) = AddMembraneParameters(init, [channels], [settings.TimeSteps, channels]);
    }

    public int Channels { get; }

    public override IReadOnlyList<string> GateNames { get; } = ["gamma"];

    protected override StepCoefficients Coefficients(long stepRank)
    {
        var c = new StepCoefficients();
        c.Set("tau", Sigmoid(tau, stepRank));
        c.Set("Vth", Sigmoid(Vth, stepRank));
        c.Set("leak", Sigmoid(leak, stepRank));
        c.Set("reVth", Sigmoid(reVth, stepRank));
        using var conductS = conduct.sigmoid();
        var gains = new Tensor[TimeSteps];
        for (int t = 0; t < TimeSteps; t++)
            gains[t] = PerChannel(conductS[t], stepRank);
        c.SetPerStep("conduct", gains);
        return c;
    }

    private static Tensor Sigmoid(Tensor p, long stepRank)
    {
        using var s = p.sigmoid();
        return PerChannel(s, stepRank);
    }

    protected override Tensor FirstUpdate(StepCoefficients c, Tensor x0) => x0 * c.At("conduct", 0) - c["leak"];

    protected override Tensor Update(StepCoefficients c, int t, Tensor u, Tensor o, Tensor xt)
    {
        var input = xt * c.At("conduct", t);
        var kept = c["tau"] * u * (1 - o) - c["leak"];
        return kept + input - c["reVth"] * o;
    }
}
