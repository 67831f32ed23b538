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
    public override string Kind => "GLIF layer-wise";

    // The static-parameter constants live outside any Tensor field: TorchSharp registers Tensor fields as
    // buffers (and so as state) when the module joins a parent, and it neither lists nor moves non-persistent
    // buffers.
    private Tensor[]? _fixed;
    private readonly bool _staticGate,
        _staticParam,
        _timeWise;

    public LayerWiseGlif(GlifSettings settings)
        : base(nameof(LayerWiseGlif), settings)
    {
        settings.Validate();
        _staticGate = settings.StaticGate;
        _staticParam = settings.StaticParam;
        _timeWise = settings.TimeWise && !settings.StaticParam;
        var init = settings.Initial;
        AddParameter(GlifParameter.Alpha, -GlifSettings.Logit(GlifSettings.GateOpening(settings.Gates[0])));
        AddParameter(GlifParameter.Beta, -GlifSettings.Logit(GlifSettings.GateOpening(settings.Gates[1])));
        AddParameter(GlifParameter.Gamma, -GlifSettings.Logit(GlifSettings.GateOpening(settings.Gates[2])));
        if (_staticParam)
        {
            _fixed = new[] { init.Tau, init.Vth, init.LinearDecay, init.Vth, init.Conduct }
                .Select(v => tensor((float)GlifSettings.Logit(v), float32))
                .ToArray();
            return;
        }
        long[] perStep = _timeWise ? [settings.TimeSteps] : [];
        AddMembraneParameters(init, perStep, [settings.TimeSteps]);
    }

    /// <summary>τ, Vth, leak, reVth and conduct (raw, before σ), on the gates' device.</summary>
    private Tensor[] Quantities()
    {
        if (_fixed is null)
        {
            var (tau, vth, leak, reVth, conduct) = Membrane;
            return [tau, vth, leak, reVth, conduct];
        }
        var gate = Gates.Alpha;
        if (_fixed[0].device_type != gate.device_type || _fixed[0].device_index != gate.device_index)
            _fixed = _fixed.Select(t => t.to(gate.device)).ToArray();
        return _fixed;
    }

    private protected override StepCoefficients Coefficients(long stepRank)
    {
        var q = Quantities();
        var c = new StepCoefficients(TimeSteps);
        using var scope = NewDisposeScope();
        var (alpha, beta, gamma) = Gates;
        var al = GateTransform.LayerWise(alpha, _staticGate);
        var be = GateTransform.LayerWise(beta, _staticGate);
        var ga = GateTransform.LayerWise(gamma, _staticGate);
        c.ResetGate = ga;
        // The reference computes these every step; for constant quantities once per call gives the same floats.
        var tauS = AtSteps(q[0]);
        var vthS = AtSteps(q[1]);
        var leakS = AtSteps(q[2]);
        var reVthS = AtSteps(q[3]);
        var conductS = _staticParam ? Enumerable.Repeat(q[4].sigmoid(), TimeSteps).ToArray() : PerStep(q[4]);
        for (int t = 0; t < TimeSteps; t++)
        {
            bool first = t == 0 || _timeWise;
            c.Decay[t] = first ? 1 - al * (1 - tauS[t]) : c.Decay[0];
            c.Leak[t] = first ? (1 - al) * leakS[t] : c.Leak[0];
            c.Reset[t] = first ? (1 - ga) * reVthS[t] : c.Reset[0];
            c.Threshold[t] = vthS[t];
            c.Gain[t] = t == 0 || !_staticParam ? 1 - be * (1 - conductS[t]) : c.Gain[0];
        }
        return c.KeepFrom(scope);
    }

    /// <summary>σ of a time-wise quantity per step, or of a constant one shared by every step.</summary>
    private Tensor[] AtSteps(Tensor raw) =>
        _timeWise ? PerStep(raw) : Enumerable.Repeat(raw.sigmoid(), TimeSteps).ToArray();

    private Tensor[] PerStep(Tensor raw) => Enumerable.Range(0, TimeSteps).Select(t => raw[t].sigmoid()).ToArray();
}
