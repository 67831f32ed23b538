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
    // Field names equal the state_dict names so that Module.to() rebinds them after a device move.
    private Parameter alpha, beta, gamma, tau, Vth, leak, reVth, conduct;
    private readonly bool _softMode, _staticGate;

    public ChannelWiseGlif(int channels, GlifSettings settings) : base(nameof(ChannelWiseGlif), settings.TimeSteps)
    {
        settings.Validate();
        Channels = channels;
        _softMode = settings.SoftMode;
        _staticGate = settings.StaticGate;
        var init = settings.Initial;
        alpha = AddParameter(nameof(alpha), GlifSettings.Logit(GlifSettings.GateOpening(settings.Gates[0])), channels);
        beta = AddParameter(nameof(beta), GlifSettings.Logit(GlifSettings.GateOpening(settings.Gates[1])), channels);
        gamma = AddParameter(nameof(gamma), GlifSettings.Logit(GlifSettings.GateOpening(settings.Gates[2])), channels);
        (tau, Vth, leak, reVth, conduct) = AddMembraneParameters(init, [channels], [settings.TimeSteps, channels]);
    }

    public int Channels { get; }

    public override IReadOnlyList<string> GateNames { get; } = ["alpha", "beta", "gamma"];

    protected override StepCoefficients Coefficients(long stepRank)
    {
        var c = new StepCoefficients();
        using var alphaView = PerChannel(alpha, stepRank);
        using var betaView = PerChannel(beta, stepRank);
        using var gammaView = PerChannel(gamma, stepRank);
        using var al = GateTransform.ChannelWise(alphaView, _softMode, _staticGate);
        var be = GateTransform.ChannelWise(betaView, _softMode, _staticGate);
        var ga = GateTransform.ChannelWise(gammaView, _softMode, _staticGate);
        using var tauS = tau.sigmoid();
        using var leakS = leak.sigmoid();
        using var reVthS = reVth.sigmoid();
        using var vthS = Vth.sigmoid();
        using var tauV = PerChannel(tauS, stepRank);
        using var leakV = PerChannel(leakS, stepRank);
        using var reVthV = PerChannel(reVthS, stepRank);

        c.Set("decay", 1 - al * (1 - tauV));
        c.Set("leakTerm", (1 - al) * leakV);
        c.Set("resetTerm", (1 - ga) * reVthV);
        c.Set("gamma", ga);
        c.Set("Vth", PerChannel(vthS, stepRank));
        using var conductS = conduct.sigmoid();
        var gains = new Tensor[TimeSteps];
        for (int t = 0; t < TimeSteps; t++)
        {
            using var row = PerChannel(conductS[t], stepRank);
            gains[t] = 1 - be * (1 - row);
        }
        c.SetPerStep("gain", gains);
        be.Dispose();
        return c;
    }

    protected override Tensor FirstUpdate(StepCoefficients c, Tensor x0) => x0 * c.At("gain", 0) - c["leakTerm"];

    protected override Tensor Update(StepCoefficients c, int t, Tensor u, Tensor o, Tensor xt)
    {
        var input = xt * c.At("gain", t);
        var kept = c["decay"] * u * (1 - c["gamma"] * o) - c["leakTerm"];
        return kept + input - c["resetTerm"] * o;
    }
}
