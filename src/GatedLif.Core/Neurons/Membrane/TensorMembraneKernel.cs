using GatedLif.Kernels;
using GatedLif.Surrogates;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Neurons.Membrane;

/// <summary>
/// The membrane recurrence in TorchSharp operations, for every device and dtype (the CUDA path): a handful of
/// element-wise kernels per step and no autograd graph. The forward keeps the unrolled update's order of float
/// operations, so spikes match it bit for bit.
/// </summary>
internal sealed class TensorMembraneKernel : IMembraneKernel
{
    public static readonly TensorMembraneKernel Instance = new();

    public Tensor Forward(Tensor x, MembraneCoefficients k, Tensor? membrane)
    {
        var spikes = empty_like(x);
        long rank = x.dim() - 1;
        Tensor? u = null,
            o = null;
        for (int t = 0; t < x.shape[0]; t++)
        {
            using var step = NewDisposeScope();
            var xt = x[t];
            var input = xt * At(k.Gain, t, rank);
            Tensor next;
            if (u is null || o is null)
                next = input.sub_(At(k.Leak, t, rank));
            else
            {
                var keep = k.ResetGate is null ? 1 - o : 1 - StepCoefficients.PerChannel(k.ResetGate, rank) * o;
                next = At(k.Decay, t, rank) * u;
                next.mul_(keep).sub_(At(k.Leak, t, rank)).add_(input).sub_(At(k.Reset, t, rank) * o);
            }
            var fired = (next - At(k.Threshold, t, rank)).gt_(0.0).to_type(x.dtype);
            spikes[t].copy_(fired);
            membrane?[t].copy_(next);
            step.MoveToOuter(next, fired);
            u?.Dispose();
            o?.Dispose();
            u = next;
            o = fired;
        }
        u?.Dispose();
        o?.Dispose();
        return spikes;
    }

    /// <summary>
    /// Only the recurrence itself walks the steps (a few kernels per step); every term that needs no du_{t+1}
    /// (dx, the parameter sums, the window and the recomputed spikes) runs once over all T steps.
    /// </summary>
    public MembraneGradients Backward(
        Tensor x,
        Tensor membrane,
        MembraneCoefficients k,
        Tensor gradSpikes,
        RectangularSurrogate surrogate
    )
    {
        using var scope = NewDisposeScope();
        int steps = (int)x.shape[0];
        long rank = x.dim() - 1;
        var z = membrane - AllSteps(k.Threshold, x.dim());
        var window = z.abs().lt_(surrogate.HalfWidth).to_type(x.dtype);
        var fired = z.gt_(0.0).to_type(x.dtype);
        var gamma = k.ResetGate is null ? null : StepCoefficients.PerChannel(k.ResetGate, rank);
        var du = empty_like(x);
        var dOWindow = empty_like(x);
        for (int t = steps - 1; t >= 0; t--)
        {
            using var step = NewDisposeScope();
            if (t == steps - 1)
            {
                dOWindow[t].copy_(gradSpikes[t] * window[t]);
                du[t].copy_(dOWindow[t]);
                continue;
            }
            var duNext = du[t + 1];
            var decayNext = At(k.Decay, t + 1, rank);
            var ut = membrane[t];
            var viaSpike = gamma is null ? decayNext * ut : gamma * decayNext * ut;
            var dO = gradSpikes[t] - duNext * viaSpike.add_(At(k.Reset, t + 1, rank));
            dOWindow[t].copy_(dO.mul_(window[t]));
            var keep = gamma is null ? 1 - fired[t] : 1 - gamma * fired[t];
            du[t].copy_(dOWindow[t] + duNext * decayNext * keep);
        }

        var dx = du * AllSteps(k.Gain, x.dim());
        var dGain = Reduce(du * x, k.Width);
        var dLeak = Reduce(du, k.Width).neg_();
        var dThreshold = Reduce(dOWindow, k.Width).neg_();
        var dDecay = zeros_like(k.Decay);
        var dReset = zeros_like(k.Reset);
        var dGamma = k.ResetGate is null ? null : zeros_like(k.ResetGate);
        if (steps > 1)
        {
            // Terms of u_t that read u_{t-1} and o_{t-1}, for t = 1 .. T-1.
            var duLater = du[1..];
            var uBefore = membrane[..^1];
            var firedBefore = fired[..^1];
            var keep = gamma is null ? 1 - firedBefore : 1 - gamma * firedBefore;
            dDecay[1..].copy_(Reduce(duLater * uBefore * keep, k.Width));
            var resetTerm = duLater * firedBefore;
            dReset[1..].copy_(Reduce(resetTerm, k.Width).neg_());
            dGamma?.copy_(Reduce(resetTerm * uBefore * AllSteps(k.Decay[1..], x.dim()), k.Width).sum(dim: 0).neg_());
        }
        var result = new MembraneGradients(dx, dGain, dDecay, dLeak, dReset, dThreshold, dGamma);
        scope.MoveToOuter(
            new[] { dx, dGain, dDecay, dLeak, dReset, dThreshold }.Concat(dGamma is null ? [] : [dGamma])
        );
        return result;
    }

    /// <summary>Row t of a [T, C'] coefficient, shaped to broadcast against one step of rank <paramref
    /// name="rank"/>.</summary>
    private static Tensor At(Tensor coefficient, int t, long rank) => StepCoefficients.PerChannel(coefficient[t], rank);

    /// <summary>[T, C'] coefficients shaped to broadcast against a whole [T, B, C, ...] tensor of rank <paramref
    /// name="rank"/>.</summary>
    private static Tensor AllSteps(Tensor coefficient, long rank)
    {
        var shape = new long[rank];
        Array.Fill(shape, 1L);
        shape[0] = coefficient.shape[0];
        shape[Math.Min(2, rank - 1)] = coefficient.shape[1];
        return coefficient.view(shape);
    }

    /// <summary>Sums [T, B, C, ...] contributions to one value per step and coefficient entry: [T, C'].</summary>
    private static Tensor Reduce(Tensor contribution, long width)
    {
        long steps = contribution.shape[0];
        if (width == 1)
            return contribution.reshape(steps, -1).sum(1, keepdim: true);
        var dims = Enumerable.Range(1, (int)contribution.dim() - 1).Where(d => d != 2).Select(d => (long)d).ToArray();
        return contribution.sum(dims);
    }
}
