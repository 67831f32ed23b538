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
    public override string Kind => "GLIF_f";

    public FusedGlif(int channels, GlifSettings settings)
        : base(nameof(FusedGlif), settings)
    {
        settings.Validate();
        var init = settings.Initial;
        AddParameter(GlifParameter.Gamma, GlifSettings.Logit(GlifSettings.GateOpening(settings.Gates[^1])), channels);
        AddMembraneParameters(init, [channels], [settings.TimeSteps, channels]);
    }

    private protected override StepCoefficients Coefficients(long stepRank)
    {
        var c = new StepCoefficients(TimeSteps);
        var (tau, vth, leak, reVth, conduct) = Membrane;
        using var scope = NewDisposeScope();
        StepCoefficients.Fill(c.Decay, PerChannel(tau.sigmoid()));
        StepCoefficients.Fill(c.Leak, PerChannel(leak.sigmoid()));
        StepCoefficients.Fill(c.Reset, PerChannel(reVth.sigmoid()));
        StepCoefficients.Fill(c.Threshold, PerChannel(vth.sigmoid()));
        var conductS = conduct.sigmoid();
        for (int t = 0; t < TimeSteps; t++)
            c.Gain[t] = PerChannel(conductS[t]);
        return c.KeepFrom(scope);

        Tensor PerChannel(Tensor values) => StepCoefficients.PerChannel(values, stepRank);
    }
}
