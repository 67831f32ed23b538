using GatedLif.Surrogates;

namespace GatedLif.Neurons;

/// <summary>
/// How a GLIF neuron is built: the reference's <c>lif_param</c> dictionary (<c>initial_dict</c> in train.py).
/// </summary>
/// <param name="TimeSteps">T, the length of the time window (<c>--t</c>).</param>
/// <param name="Gates">Initial gate openings g_α, g_β, g_γ (<c>--gate</c>).</param>
/// <param name="SoftMode">Channel-wise gates are σ(param) (soft) rather than step(σ(param) &gt; 0.5) (hard).</param>
/// <param name="StaticGate">Gates are computed from a detached copy and get no gradient.</param>
/// <param name="StaticParam">Layer-wise only: τ, Vth, leak and conduct are fixed constants.</param>
/// <param name="TimeWise">Layer-wise only: τ, Vth, leak, reVth and conduct have one value per time step.</param>
/// <param name="Constants">Initial τ, Vth, leak and conduct.</param>
/// <param name="Float64Gates">Channel-wise only: α, β, γ are float64 parameters, as the reference's CIFAR10-DVS neuron
/// makes them (numpy draws); type promotion then runs the membrane in float64 while spikes stay float32.</param>
/// <param name="Implementation">Fused autograd function or the unrolled per-step graph (ours,
/// <c>--neuron-impl</c>).</param>
/// <param name="Surrogate">How the neuron fires and its gradient (the reference's rectangular window when null); the
/// fused kernels compute rectangular windows only.</param>
public sealed record GlifSettings(
    int TimeSteps,
    IReadOnlyList<double> Gates,
    bool SoftMode = false,
    bool StaticGate = false,
    bool StaticParam = false,
    bool TimeWise = false,
    GlifConstants? Constants = null,
    bool Float64Gates = false,
    NeuronImplementation Implementation = NeuronImplementation.Fused,
    ISpikeSurrogate? Surrogate = null
)
{
    public static readonly IReadOnlyList<double> DefaultGates = [0.6, 0.8, 0.6];

    public GlifConstants Initial => Constants ?? GlifConstants.StaticImage;

    /// <summary>
    /// The gate's opening after initialisation: the reference squeezes the flag value towards 0.5,
    /// p = (g - 0.5) * 0.5 + 0.5.
    /// </summary>
    public static double GateOpening(double gate) => (gate - 0.5) * 0.5 + 0.5;

    /// <summary>logit(p) = -ln(1/p - 1), evaluated as the reference does so the float32 result is identical.</summary>
    public static double Logit(double p) => -Math.Log(1 / p - 1);

    public void Validate()
    {
        if (TimeSteps < 1)
            throw new InvalidSettingException(nameof(TimeSteps), $"time steps must be at least 1 (got {TimeSteps})");
        if (Gates.Count != 3)
            throw new InvalidSettingException(
                nameof(Gates),
                $"the initial gates are three values g_alpha g_beta g_gamma (got {Gates.Count})"
            );
        foreach (var g in Gates)
        {
            var p = GateOpening(g);
            if (!(p > 0 && p < 1))
                throw new InvalidSettingException(
                    nameof(Gates),
                    $"initial gate {g} gives an opening of {p}, outside (0, 1)"
                );
        }
    }
}
