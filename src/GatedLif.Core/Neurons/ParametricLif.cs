using GatedLif.Surrogates;
using TorchSharp;
using TorchSharp.Modules;
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
/// run over as many steps as the input has, in SpikingJelly's order of operations.
/// </summary>
public sealed class ParametricLif : nn.Module<Tensor, Tensor>, ISpikingNeuron
{
    /// <summary>The initial τ the reference's <c>conv3x3</c>/<c>conv1x1</c> pass (<c>init_tau=2.0</c>).</summary>
    public const double DefaultInitialTau = 2.0;

    public const double Threshold = 1.0;

    // The field name equals the state_dict name so that Module.to() rebinds it after a device move.
    private Parameter w;

    private readonly bool _detachReset;

    public ParametricLif(double initialTau = DefaultInitialTau, bool detachReset = true) : base(nameof(ParametricLif))
    {
        if (!(initialTau > 1))
            throw new ArgumentOutOfRangeException(nameof(initialTau), initialTau, "the initial time constant must exceed 1 (σ(w) < 1)");
        _detachReset = detachReset;
        // SpikingJelly: torch.as_tensor(-math.log(init_tau - 1.)), a float32 scalar (-0.0 for τ₀ = 2).
        w = new Parameter(tensor((float)-Math.Log(initialTau - 1)));
        register_parameter(nameof(w), w);
    }

    public string Kind => "PLIF";

    /// <summary>What one neuron computes per step at inference (spike statistics).</summary>
    public UpdateOperations Operations => UpdateOperations.ParametricLif;

    /// <summary>The current time constant τ = 1 / σ(w).</summary>
    public double Tau
    {
        get
        {
            using var _ = no_grad();
            using var k = w.sigmoid();
            return 1 / k.item<float>();
        }
    }

    /// <summary>[T, ...] input currents → [T, ...] spikes.</summary>
    public override Tensor forward(Tensor x)
    {
        // One unbind, not x[t] per step: each select's backward fills a zero tensor of the whole input, which made
        // the backward pass quadratic in T; unbind's stacks the step gradients once.
        var inputs = x.unbind(0);
        long steps = inputs.Length;
        var spikes = new Tensor[steps];
        using var k = w.sigmoid();
        // v_{-1} = 0 as a tensor, so the first step saves x_0 - 0 for the gradient of w, not a view that would keep
        // the whole input alive.
        var v = zeros_like(inputs[0]);
        for (int t = 0; t < steps; t++)
        {
            using var step = NewDisposeScope();
            var h = v + (inputs[t] - v) * k;
            var spike = SigmoidSpike.Fire(h - Threshold);
            var reset = _detachReset ? spike.detach() : spike;
            // (1 - s) h + s V_reset with V_reset = 0, whose second term adds zeros.
            var vNext = (1.0 - reset) * h;
            spikes[t] = spike;
            step.MoveToOuter(vNext, spike);
            v.Dispose();
            v = vNext;
        }
        v.Dispose();
        var output = stack(spikes);
        foreach (var s in spikes) s.Dispose();
        foreach (var input in inputs) input.Dispose();
        return output;
    }
}
