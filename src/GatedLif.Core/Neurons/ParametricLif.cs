using GatedLif.Kernels;
using GatedLif.Surrogates;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace GatedLif.Neurons;

/// <summary>
/// SpikingJelly 0.0.0.0.10's <c>MultiStepParametricLIFNode</c> with the defaults the CIFAR10-DVS PLIF baseline
/// keeps (decay_input, V_th = 1, V_reset = 0, the sigmoid surrogate with α = 4), the PLIF neuron of Fang et al.
/// (2021). One learnable scalar <c>w</c> sets the time constant, 1/τ = σ(w), and starts at -ln(τ₀ - 1). Per step,
/// from v = 0:
/// <code>
/// h_t = v_{t-1} + (x_t - v_{t-1}) σ(w)      charge
/// s_t = H(h_t - V_th)                        fire (H(0) = 1)
/// v_t = (1 - s_t) h_t + s_t V_reset          hard reset; s_t detached when detachReset
/// </code>
/// run over as many steps as the input has, in SpikingJelly's order of operations. With the reset detached and the
/// sigmoid surrogate, a float32 CPU input runs fused by default (<see cref="ParametricLifRecurrence"/>: the same
/// spikes, one autograd node); anything else, or <see cref="NeuronImplementation.Unrolled"/>, runs the step loop.
/// </summary>
public sealed class ParametricLif : SpikingNeuron
{
    /// <summary>The initial τ the reference's <c>conv3x3</c>/<c>conv1x1</c> pass (<c>init_tau=2.0</c>).</summary>
    public const double DefaultInitialTau = 2.0;

    public const double Threshold = 1.0;

    /// <summary>The state_dict name of the learned time constant's parameter (SpikingJelly's).</summary>
    public const string WeightName = "w";

    // The field carries its state_dict name so that Module.to() rebinds it after a device move.
    [ComponentName(Name = WeightName)]
    private Parameter _w;

    private readonly bool _detachReset;
    private readonly NeuronImplementation _implementation;

    public ParametricLif(
        double initialTau = DefaultInitialTau,
        bool detachReset = true,
        ISpikeSurrogate? surrogate = null,
        NeuronImplementation implementation = NeuronImplementation.Fused
    )
        : base(nameof(ParametricLif), surrogate ?? SigmoidSurrogate.SpikingJelly)
    {
        if (!(initialTau > 1))
            throw new ArgumentOutOfRangeException(
                nameof(initialTau),
                initialTau,
                "the initial time constant must exceed 1 (σ(w) < 1)"
            );
        _detachReset = detachReset;
        _implementation = implementation;
        // SpikingJelly: torch.as_tensor(-math.log(init_tau - 1.)), a float32 scalar (-0.0 for τ₀ = 2).
        _w = new Parameter(tensor((float)-Math.Log(initialTau - 1)));
        register_parameter(WeightName, _w);
    }

    public override string Kind => "PLIF";

    public override UpdateOperations Operations => UpdateOperations.ParametricLif;

    /// <summary>The current time constant τ = 1 / σ(w).</summary>
    public double Tau
    {
        get
        {
            using var _ = no_grad();
            using var k = _w.sigmoid();
            return 1 / k.item<float>();
        }
    }

    /// <summary>[T, ...] input currents → [T, ...] spikes.</summary>
    public override Tensor forward(Tensor x)
    {
        using var k = _w.sigmoid();
        if (
            _implementation != NeuronImplementation.Unrolled
            && _detachReset
            && Surrogate is SigmoidSurrogate sigmoid
            && CpuParametricLifKernel.Supports(x)
            && k.dtype == ScalarType.Float32
        )
            return ParametricLifRecurrence.Fire(x, k, Threshold, sigmoid.Alpha);
        return Unroll(
            x,
            new StepRule(
                // v_{-1} = 0 as a tensor, so the first step saves x_0 - 0 for the gradient of w, not a view that would
                // keep the whole input alive.
                (_, v, _, input) =>
                {
                    var from = v ?? zeros_like(input);
                    return from + (input - from) * k;
                },
                (_, h) => h - Threshold,
                // (1 - s) h + s V_reset with V_reset = 0, whose second term adds zeros.
                (h, spike) => (1.0 - (_detachReset ? spike.detach() : spike)) * h
            )
        );
    }
}
