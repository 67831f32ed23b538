using GatedLif.Layers;
using GatedLif.Neurons.Membrane;
using GatedLif.Surrogates;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace GatedLif.Neurons;

/// <summary>
/// A multi-step gated LIF neuron: input [T, B, ...] of membrane inputs, output [T, B, ...] of spikes.
/// The state starts at u = 0, o = 0; each step runs the membrane update of <see cref="StepCoefficients"/> (the
/// reset is part of the next step's charge) and fires where u - Vth &gt; 0. Variants differ only in the
/// coefficients they compute for a call. The steps run fused (<see cref="MembraneRecurrence"/>, whose kernels read
/// the rectangular surrogate's window) or unrolled into per-step autograd operations (the shared step loop, with
/// any surrogate), by <see cref="GlifSettings.Implementation"/>.
/// </summary>
public abstract class GlifNeuron : SpikingNeuron
{
    // The parameters a variant registers (GLIF_f no α, β; layer-wise static parameters no membrane constants). Each
    // field carries its state_dict name so that Module.to() rebinds it after a device move.
    [ComponentName(Name = GlifParameter.Names.Alpha)]
    private Parameter? _alpha;

    [ComponentName(Name = GlifParameter.Names.Beta)]
    private Parameter? _beta;

    [ComponentName(Name = GlifParameter.Names.Gamma)]
    private Parameter? _gamma;

    [ComponentName(Name = GlifParameter.Names.Tau)]
    private Parameter? _tau;

    [ComponentName(Name = GlifParameter.Names.Vth)]
    private Parameter? _vth;

    [ComponentName(Name = GlifParameter.Names.Leak)]
    private Parameter? _leak;

    [ComponentName(Name = GlifParameter.Names.ReVth)]
    private Parameter? _reVth;

    [ComponentName(Name = GlifParameter.Names.Conduct)]
    private Parameter? _conduct;

    private protected GlifNeuron(string name, GlifSettings settings)
        : base(name, settings.Surrogate ?? RectangularSurrogate.Reference)
    {
        TimeSteps = settings.TimeSteps;
        Implementation = settings.Implementation;
        if (Implementation != NeuronImplementation.Unrolled && Surrogate is not RectangularSurrogate)
            throw new ArgumentException(
                $"{name}: the fused GLIF kernels compute the rectangular surrogate's gradient only; {Surrogate} runs "
                    + $"with the unrolled implementation"
            );
    }

    public int TimeSteps { get; }

    public NeuronImplementation Implementation { get; }

    public override UpdateOperations Operations => UpdateOperations.Glif;

    public override Tensor forward(Tensor x)
    {
        if (x.dim() < 2 || x.shape[0] != TimeSteps)
            throw new ArgumentException(
                $"{GetName()} expects input [T={TimeSteps}, B, ...]; got [{string.Join(", ", x.shape)}]"
            );
        // Under autocast a convolution hands on float16, which the reference's float32 membrane widens: the
        // neuron computes, and fires, in float32 (AutocastPolicy).
        var widened = AutocastPolicy.CastFor(AutocastOperation.GatedNeuron, x);
        if (!ReferenceEquals(widened, x))
            using (widened)
                return forward(widened);

        using var c = Coefficients(x.dim() - 1);
        if (Implementation == NeuronImplementation.Unrolled)
            return Unrolled(x, c);
        using var k = c.Stacked().ToWidest(x);
        var kernel =
            Implementation == NeuronImplementation.FusedTensorOps
                ? TensorMembraneKernel.Instance
                : MembraneRecurrence.KernelFor(x, k.Gain.dtype);
        return MembraneRecurrence.Fire(x, k, kernel, (RectangularSurrogate)Surrogate);
    }

    /// <summary>The reference's loop: every step's operations recorded by autograd.</summary>
    private Tensor Unrolled(Tensor x, StepCoefficients c) =>
        Unroll(
            x,
            new StepRule(
                (t, u, o, xt) => u is null || o is null ? FirstUpdate(c, xt) : Update(c, t, u, o, xt),
                (t, u) => u - c.Threshold[t]
            )
        );

    /// <summary>
    /// The transformed parameters for one call (σ of every learnable quantity, gate mode applied), shaped to
    /// broadcast against one step's [B, C, ...] input of rank <paramref name="stepRank"/>.
    /// </summary>
    private protected abstract StepCoefficients Coefficients(long stepRank);

    /// <summary>u_t from u_{t-1}, o_{t-1} and x_t, in exactly the reference's order of float operations.</summary>
    private static Tensor Update(StepCoefficients c, int t, Tensor u, Tensor o, Tensor xt)
    {
        var input = xt * c.Gain[t];
        var keep = c.ResetGate is null ? 1 - o : 1 - c.ResetGate * o;
        var kept = c.Decay[t] * u * keep - c.Leak[t];
        return kept + input - c.Reset[t] * o;
    }

    /// <summary>
    /// u_0, where u_{-1} = o_{-1} = 0: every term but the input and the leak is an exact zero (the decay and reset
    /// coefficients are non-negative, so no -0 arises), and IEEE addition gives (0 - leak) + I = I - leak to the
    /// bit; the gradients of the dropped terms are zero too. Skipping them halves the neuron's work at T = 1.
    /// </summary>
    private static Tensor FirstUpdate(StepCoefficients c, Tensor x0) => x0 * c.Gain[0] - c.Leak[0];

    /// <summary>Registers a float32 parameter filled with <paramref name="value"/>.</summary>
    protected void AddParameter(GlifParameter parameter, double value, params long[] shape) =>
        AddParameter(parameter, value, float32, shape);

    /// <summary>Registers a parameter of the given dtype filled with <paramref name="value"/> (rounded to float32
    /// first, as the reference's float32 initial values).</summary>
    protected void AddParameter(GlifParameter parameter, double value, ScalarType dtype, params long[] shape)
    {
        var p = new Parameter(full(shape, (double)(float)value, dtype));
        register_parameter(parameter.Name, p);
        Field(parameter) = p;
    }

    private ref Parameter? Field(GlifParameter parameter)
    {
        switch (parameter.Name)
        {
            case GlifParameter.Names.Alpha:
                return ref _alpha;
            case GlifParameter.Names.Beta:
                return ref _beta;
            case GlifParameter.Names.Gamma:
                return ref _gamma;
            case GlifParameter.Names.Tau:
                return ref _tau;
            case GlifParameter.Names.Vth:
                return ref _vth;
            case GlifParameter.Names.Leak:
                return ref _leak;
            case GlifParameter.Names.ReVth:
                return ref _reVth;
            case GlifParameter.Names.Conduct:
                return ref _conduct;
            default:
                throw new ArgumentException($"{parameter.Name} is not a GLIF parameter", nameof(parameter));
        }
    }

    /// <summary>
    /// Registers τ, Vth, leak, reVth (shape <paramref name="shape"/>) and conduct (<paramref name="conductShape"/>),
    /// in the reference's order, at the logits of their initial values (reVth starts at Vth).
    /// </summary>
    protected void AddMembraneParameters(GlifConstants init, long[] shape, long[] conductShape)
    {
        AddParameter(GlifParameter.Tau, GlifSettings.Logit(init.Tau), shape);
        AddParameter(GlifParameter.Vth, GlifSettings.Logit(init.Vth), shape);
        AddParameter(GlifParameter.Leak, GlifSettings.Logit(init.LinearDecay), shape);
        AddParameter(GlifParameter.ReVth, GlifSettings.Logit(init.Vth), shape);
        AddParameter(GlifParameter.Conduct, GlifSettings.Logit(init.Conduct), conductShape);
    }

    /// <summary>τ, Vth, leak, reVth and conduct (raw, before σ), as <see cref="AddMembraneParameters"/> registered
    /// them.</summary>
    protected (Parameter Tau, Parameter Vth, Parameter Leak, Parameter ReVth, Parameter Conduct) Membrane =>
        _tau is null
            ? throw new InvalidOperationException($"{GetName()} keeps its membrane constants outside the state")
            : (_tau, _vth!, _leak!, _reVth!, _conduct!);

    /// <summary>The gates α, β, γ (raw), for the variants that register all three.</summary>
    protected (Parameter Alpha, Parameter Beta, Parameter Gamma) Gates =>
        _alpha is null
            ? throw new InvalidOperationException($"{GetName()} has no α and β gates")
            : (_alpha, _beta!, _gamma!);
}
