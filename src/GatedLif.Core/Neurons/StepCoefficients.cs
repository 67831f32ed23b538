using GatedLif.Kernels;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Neurons;

/// <summary>
/// One call's coefficients of the membrane update shared by every GLIF variant,
/// <code>u_t = Decay_t u_{t-1} (1 - γ o_{t-1}) - Leak_t + Gain_t x_t - Reset_t o_{t-1}</code>, one entry per
/// time step (a quantity constant in time fills every slot with the same tensor). For channel-wise and layer-wise
/// GLIF: Decay = 1 - α(1 - τ), Leak = (1 - α) leak, Reset = (1 - γ) reVth, Gain = 1 - β(1 - conduct_t).
/// GLIF_f has no gates: Decay = τ, Leak = leak, Reset = reVth, Gain = conduct_t and the reset gate γ is absent,
/// which makes the factor (1 - o). Owns its tensors and disposes them after the call.
/// </summary>
internal sealed class StepCoefficients(int steps) : IDisposable
{
    public Tensor[] Gain { get; } = new Tensor[steps];
    public Tensor[] Decay { get; } = new Tensor[steps];
    public Tensor[] Leak { get; } = new Tensor[steps];
    public Tensor[] Reset { get; } = new Tensor[steps];
    public Tensor[] Threshold { get; } = new Tensor[steps];

    /// <summary>γ of the hard/soft reset mix; null for GLIF_f, whose reset factor is (1 - o).</summary>
    public Tensor? ResetGate { get; set; }

    /// <summary>
    /// <paramref name="values"/> [C] viewed as [1, C, 1, ...] to broadcast against one step's input of rank
    /// <paramref name="stepRank"/>; a step without a channel axis ([B]) takes a single value (a layer-wise one).
    /// </summary>
    public static Tensor PerChannel(Tensor values, long stepRank)
    {
        var shape = new long[stepRank];
        Array.Fill(shape, 1L);
        if (stepRank > 1)
            shape[1] = -1;
        return values.view(shape);
    }

    /// <summary>Sets every step of <paramref name="slots"/> to the one tensor <paramref name="shared"/>.</summary>
    public static void Fill(Tensor[] slots, Tensor shared) => Array.Fill(slots, shared);

    /// <summary>These coefficients stacked over time, [T, C'] (γ as [C']), as the fused recurrence's kernels read
    /// them; new tensors, which the result owns.</summary>
    public MembraneCoefficients Stacked() =>
        new(Stack(Gain), Stack(Decay), Stack(Leak), Stack(Reset), Stack(Threshold), ResetGate?.reshape(-1));

    private Tensor Stack(Tensor[] perStep) => stack(perStep).reshape(steps, -1);

    /// <summary>Takes the coefficients out of the dispose scope they were computed in, which frees the rest.</summary>
    public StepCoefficients KeepFrom(DisposeScope scope)
    {
        scope.MoveToOuter(Owned());
        return this;
    }

    public void Dispose()
    {
        foreach (var t in Owned())
            t.Dispose();
    }

    private IEnumerable<Tensor> Owned() =>
        Gain.Concat(Decay)
            .Concat(Leak)
            .Concat(Reset)
            .Concat(Threshold)
            .Append(ResetGate)
            .OfType<Tensor>()
            .Distinct(ReferenceEqualityComparer.Instance)
            .Cast<Tensor>();
}
