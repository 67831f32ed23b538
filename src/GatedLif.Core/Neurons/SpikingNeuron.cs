using GatedLif.Surrogates;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Neurons;

/// <summary>
/// A layer of multi-step spiking neurons, input [T, B, ...] of currents, output [T, B, ...] of spikes (SpikingJelly's
/// <c>BaseNode</c>). Every neuron runs the same step loop, <see cref="Unroll"/>: from a zero state, each step
/// charges (<see cref="StepRule.Charge"/>), fires through the neuron's surrogate (<see cref="Surrogate"/>) where the
/// potential exceeds the threshold (<see cref="StepRule.Excess"/>), and resets (<see cref="StepRule.Reset"/>); a
/// neuron type says only what those three are. The GLIF neurons can also run their steps fused.
/// </summary>
public abstract class SpikingNeuron(string name, ISpikeSurrogate surrogate)
    : nn.Module<Tensor, Tensor>(name),
        ISpikingNeuron
{
    /// <summary>How the neuron fires and what gradient its spikes pass back.</summary>
    public ISpikeSurrogate Surrogate { get; } = surrogate;

    public abstract string Kind { get; }

    /// <summary>What one neuron computes per time step at inference (for spike statistics).</summary>
    public abstract UpdateOperations Operations { get; }

    /// <summary>
    /// One call's step rule. <see cref="Charge"/>: the potential of step t from the state after step t-1 and its
    /// spikes (both null at t = 0, where the state is zero) and the step's input. <see cref="Excess"/>: how far that
    /// potential is above the threshold (the surrogate fires where it is positive). <see cref="Reset"/>: the state
    /// step t+1 charges from, given the potential and the spikes (the potential itself when the reset is part of
    /// the next charge).
    /// </summary>
    protected sealed record StepRule(
        Func<int, Tensor?, Tensor?, Tensor, Tensor> Charge,
        Func<int, Tensor, Tensor> Excess,
        Func<Tensor, Tensor, Tensor>? Reset = null
    );

    /// <summary>
    /// The step loop, every step's operations recorded by autograd. Each step's temporaries are freed when it ends
    /// (autograd keeps what backward needs), and the input is split by one unbind (a select per step would make each
    /// step's backward fill a zero tensor of the whole input, quadratic in T). Spikes keep the input's dtype when
    /// the membrane runs wider (float64 gates make it float64, and the reference casts its spikes back).
    /// </summary>
    protected Tensor Unroll(Tensor x, StepRule rule)
    {
        var inputs = x.unbind(0);
        var spikes = new Tensor[inputs.Length];
        Tensor? state = null;
        for (int t = 0; t < inputs.Length; t++)
        {
            using var step = NewDisposeScope();
            var potential = rule.Charge(t, state, t == 0 ? null : spikes[t - 1], inputs[t]);
            var spike = Surrogate.Fire(rule.Excess(t, potential));
            if (spike.dtype != x.dtype)
                spike = spike.to_type(x.dtype);
            var next = rule.Reset is null ? potential : rule.Reset(potential, spike);
            step.MoveToOuter(next, spike);
            state?.Dispose();
            state = next;
            spikes[t] = spike;
        }
        state?.Dispose();
        var output = stack(spikes);
        foreach (var s in spikes)
            s.Dispose();
        foreach (var input in inputs)
            input.Dispose();
        return output;
    }
}
