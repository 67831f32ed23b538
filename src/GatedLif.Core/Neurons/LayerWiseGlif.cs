using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GatedLif.Neurons;

/// <summary>
/// Layer-wise GLIF (the reference's <c>LIFSpike</c>): one scalar per quantity for the whole layer, conduct one
/// per time step. Its gates start at -logit(p): the reference drops the minus sign, so σ(gate) = 1 - p.
/// With <see cref="GlifSettings.StaticParam"/> only the gates are learnable and τ, Vth, leak and conduct are
/// fixed constants outside the state_dict (reVth = Vth); they follow the gates to their device, which the
/// reference forgets (its static-parameter model fails on a GPU).
/// With <see cref="GlifSettings.TimeWise"/> τ, Vth, leak, reVth and conduct hold one value per step.
/// </summary>
public sealed class LayerWiseGlif : GlifNeuron
{
    // Field names equal the state_dict names so that Module.to() rebinds them after a device move.
    private Parameter alpha, beta, gamma;
    private Parameter? tau, Vth, leak, reVth, conduct;
    // The static-parameter constants live outside any Tensor field: TorchSharp registers Tensor fields as
    // buffers (and so as state) when the module joins a parent, and it neither lists nor moves non-persistent
    // buffers.
    private Tensor[]? _fixed;
    private readonly bool _staticGate, _staticParam, _timeWise;

    public LayerWiseGlif(GlifSettings settings) : base(nameof(LayerWiseGlif), settings.TimeSteps)
    {
        settings.Validate();
        _staticGate = settings.StaticGate;
        _staticParam = settings.StaticParam;
        _timeWise = settings.TimeWise && !settings.StaticParam;
        var init = settings.Initial;
        alpha = AddParameter(nameof(alpha), -GlifSettings.Logit(GlifSettings.GateOpening(settings.Gates[0])));
        beta = AddParameter(nameof(beta), -GlifSettings.Logit(GlifSettings.GateOpening(settings.Gates[1])));
        gamma = AddParameter(nameof(gamma), -GlifSettings.Logit(GlifSettings.GateOpening(settings.Gates[2])));
        if (_staticParam)
        {
            _fixed = new[] { init.Tau, init.Vth, init.LinearDecay, init.Vth, init.Conduct }
                .Select(v => tensor((float)GlifSettings.Logit(v), float32)).ToArray();
            return;
        }
        long[] perStep = _timeWise ? [settings.TimeSteps] : [];
        (tau, Vth, leak, reVth, conduct) = AddMembraneParameters(init, perStep, [settings.TimeSteps]);
    }

    public override IReadOnlyList<string> GateNames { get; } = ["alpha", "beta", "gamma"];

    /// <summary>τ, Vth, leak, reVth and conduct (raw, before σ), on the gates' device.</summary>
    private Tensor[] Quantities()
    {
        if (_fixed is null)
            return [tau!, Vth!, leak!, reVth!, conduct!];
        if (_fixed[0].device_type != alpha.device_type || _fixed[0].device_index != alpha.device_index)
            _fixed = _fixed.Select(t => t.to(alpha.device)).ToArray();
        return _fixed;
    }

    protected override StepCoefficients Coefficients(long stepRank)
    {
        var q = Quantities();
        var c = new StepCoefficients();
        c.Set("alpha", GateTransform.LayerWise(alpha, _staticGate));
        c.Set("beta", GateTransform.LayerWise(beta, _staticGate));
        c.Set("gamma", GateTransform.LayerWise(gamma, _staticGate));
        string[] names = ["tau", "Vth", "leak", "reVth"];
        for (int i = 0; i < names.Length; i++)
        {
            if (_timeWise) c.SetPerStep(names[i], Steps(q[i]));
            else c.Set(names[i], q[i].sigmoid());
        }
        if (_staticParam)
            c.Set("conduct", q[4].sigmoid());
        else
            c.SetPerStep("conduct", Steps(q[4]));
        return c;
    }

    private Tensor[] Steps(Tensor perStep)
    {
        var steps = new Tensor[TimeSteps];
        for (int t = 0; t < TimeSteps; t++)
        {
            using var row = perStep[t];
            steps[t] = row.sigmoid();
        }
        return steps;
    }

    protected override Tensor FirstUpdate(StepCoefficients c, Tensor x0) =>
        x0 * (1 - c["beta"] * (1 - c.At("conduct", 0))) - (1 - c["alpha"]) * c.At("leak", 0);

    protected override Tensor Update(StepCoefficients c, int t, Tensor u, Tensor o, Tensor xt)
    {
        var al = c["alpha"];
        var ga = c["gamma"];
        var input = xt * (1 - c["beta"] * (1 - c.At("conduct", t)));
        var kept = (1 - al * (1 - c.At("tau", t))) * u * (1 - ga * o) - (1 - al) * c.At("leak", t);
        return kept + input - (1 - ga) * c.At("reVth", t) * o;
    }
}
