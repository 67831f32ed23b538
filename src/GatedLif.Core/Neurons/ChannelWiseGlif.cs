using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GatedLif.Neurons;

/// <summary>
/// Channel-wise GLIF (the reference's <c>LIFSpike_CW</c>): every quantity has one value per channel and
/// conduct one per time step and channel.
/// <code>
/// I_t = x_t (1 - β (1 - conduct_t))
/// u_t = (1 - α (1 - τ)) u_{t-1} (1 - γ o_{t-1}) - (1 - α) leak + I_t - (1 - γ) reVth o_{t-1}
/// </code>
/// </summary>
public sealed class ChannelWiseGlif : GlifNeuron
{
    public override string Kind => "GLIF channel-wise";

    private readonly bool _softMode,
        _staticGate;

    public ChannelWiseGlif(int channels, GlifSettings settings)
        : base(nameof(ChannelWiseGlif), settings)
    {
        settings.Validate();
        _softMode = settings.SoftMode;
        _staticGate = settings.StaticGate;
        var init = settings.Initial;
        var gateType = settings.Float64Gates ? float64 : float32;
        AddParameter(
            GlifParameter.Alpha,
            GlifSettings.Logit(GlifSettings.GateOpening(settings.Gates[0])),
            gateType,
            channels
        );
        AddParameter(
            GlifParameter.Beta,
            GlifSettings.Logit(GlifSettings.GateOpening(settings.Gates[1])),
            gateType,
            channels
        );
        AddParameter(
            GlifParameter.Gamma,
            GlifSettings.Logit(GlifSettings.GateOpening(settings.Gates[2])),
            gateType,
            channels
        );
        AddMembraneParameters(init, [channels], [settings.TimeSteps, channels]);
    }

    private protected override StepCoefficients Coefficients(long stepRank)
    {
        var c = new StepCoefficients(TimeSteps);
        var (tau, vth, leak, reVth, conduct) = Membrane;
        using var scope = NewDisposeScope();
        var (alpha, beta, gamma) = Gates;
        var al = GateTransform.ChannelWise(PerChannel(alpha), _softMode, _staticGate);
        var be = GateTransform.ChannelWise(PerChannel(beta), _softMode, _staticGate);
        var ga = GateTransform.ChannelWise(PerChannel(gamma), _softMode, _staticGate);
        StepCoefficients.Fill(c.Decay, 1 - al * (1 - PerChannel(tau.sigmoid())));
        StepCoefficients.Fill(c.Leak, (1 - al) * PerChannel(leak.sigmoid()));
        StepCoefficients.Fill(c.Reset, (1 - ga) * PerChannel(reVth.sigmoid()));
        StepCoefficients.Fill(c.Threshold, PerChannel(vth.sigmoid()));
        c.ResetGate = ga;
        var conductS = conduct.sigmoid();
        for (int t = 0; t < TimeSteps; t++)
            c.Gain[t] = 1 - be * (1 - PerChannel(conductS[t]));
        return c.KeepFrom(scope);

        Tensor PerChannel(Tensor values) => StepCoefficients.PerChannel(values, stepRank);
    }
}
