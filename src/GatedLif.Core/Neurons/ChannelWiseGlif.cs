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

    // Field names equal the state_dict names so that Module.to() rebinds them after a device move.
    private Parameter alpha, beta, gamma, tau, Vth, leak, reVth, conduct;
    private readonly bool _softMode, _staticGate;

    public ChannelWiseGlif(int channels, GlifSettings settings) : base(nameof(ChannelWiseGlif), settings)
    {
        settings.Validate();
        _softMode = settings.SoftMode;
        _staticGate = settings.StaticGate;
        var init = settings.Initial;
        var gateType = settings.Float64Gates ? float64 : float32;
        alpha = AddParameter(nameof(alpha), GlifSettings.Logit(GlifSettings.GateOpening(settings.Gates[0])), gateType, channels);
        beta = AddParameter(nameof(beta), GlifSettings.Logit(GlifSettings.GateOpening(settings.Gates[1])), gateType, channels);
        gamma = AddParameter(nameof(gamma), GlifSettings.Logit(GlifSettings.GateOpening(settings.Gates[2])), gateType, channels);
        (tau, Vth, leak, reVth, conduct) = AddMembraneParameters(init, [channels], [settings.TimeSteps, channels]);
    }

    protected override StepCoefficients Coefficients(long stepRank)
    {
        var c = new StepCoefficients(TimeSteps);
        using var scope = NewDisposeScope();
        var al = GateTransform.ChannelWise(PerChannel(alpha), _softMode, _staticGate);
        var be = GateTransform.ChannelWise(PerChannel(beta), _softMode, _staticGate);
        var ga = GateTransform.ChannelWise(PerChannel(gamma), _softMode, _staticGate);
        StepCoefficients.Fill(c.Decay, 1 - al * (1 - PerChannel(tau.sigmoid())));
        StepCoefficients.Fill(c.Leak, (1 - al) * PerChannel(leak.sigmoid()));
        StepCoefficients.Fill(c.Reset, (1 - ga) * PerChannel(reVth.sigmoid()));
        StepCoefficients.Fill(c.Threshold, PerChannel(Vth.sigmoid()));
        c.ResetGate = ga;
        var conductS = conduct.sigmoid();
        for (int t = 0; t < TimeSteps; t++)
            c.Gain[t] = 1 - be * (1 - PerChannel(conductS[t]));
        return c.KeepFrom(scope);

        Tensor PerChannel(Tensor values) => StepCoefficients.PerChannel(values, stepRank);
    }
}
