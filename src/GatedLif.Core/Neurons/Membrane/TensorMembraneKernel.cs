using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Neurons.Membrane;

/// <summary>
/// The membrane recurrence in TorchSharp operations, for every device and dtype (the CUDA path): a handful of
/// element-wise kernels per step and no autograd graph. The forward keeps the unrolled update's order of float
/// operations, so spikes match it bit for bit.
/// </summary>
public sealed class TensorMembraneKernel : IMembraneKernel
{
    public static readonly TensorMembraneKernel Instance = new();

    public Tensor Forward(Tensor x, MembraneCoefficients k, Tensor? membrane)
    {
        var spikes = empty_like(x);
        long rank = x.dim() - 1;
        Tensor? u = null, o = null;
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
                var keep = k.ResetGate is null ? 1 - o : 1 - PerChannel(k.ResetGate, rank) * o;
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

    public MembraneGradients Backward(Tensor x, Tensor membrane, MembraneCoefficients k, Tensor gradSpikes)
    {
        long rank = x.dim() - 1;
        int steps = (int)x.shape[0];
        var dx = empty_like(x);
        var dGain = zeros_like(k.Gain);
        var dDecay = zeros_like(k.Decay);
        var dLeak = zeros_like(k.Leak);
        var dReset = zeros_like(k.Reset);
        var dThreshold = zeros_like(k.Threshold);
        var dGamma = k.ResetGate is null ? null : zeros_like(k.ResetGate);
        using var gamma = k.ResetGate is null ? null : PerChannel(k.ResetGate, rank);
        Tensor? duNext = null;
        for (int t = steps - 1; t >= 0; t--)
        {
            using var step = NewDisposeScope();
            var ut = membrane[t];
            var z = ut - At(k.Threshold, t, rank);
            var window = z.abs().lt_(0.5).to_type(x.dtype);
            var dO = gradSpikes[t].clone();
            Tensor du;
            if (duNext is null)
                du = dO.mul_(window);
            else
            {
                var fired = z.gt_(0.0).to_type(x.dtype);
                var decayNext = At(k.Decay, t + 1, rank);
                var dODecay = gamma is null ? decayNext * ut : gamma * decayNext * ut;
                dO.sub_(duNext * dODecay.add_(At(k.Reset, t + 1, rank)));
                var keep = gamma is null ? 1 - fired : 1 - gamma * fired;
                du = (dO * window).add_(duNext * decayNext * keep);
                dO.mul_(window);
            }
            var dOWindow = duNext is null ? du : dO;
            dx[t].copy_(du * At(k.Gain, t, rank));
            dGain[t].copy_(Reduce(du * x[t], k.Width));
            dLeak[t].copy_(Reduce(du, k.Width).neg_());
            dThreshold[t].copy_(Reduce(dOWindow, k.Width).neg_());
            if (t > 0)
            {
                var up = membrane[t - 1];
                var firedBefore = (up - At(k.Threshold, t - 1, rank)).gt_(0.0).to_type(x.dtype);
                var keep = gamma is null ? 1 - firedBefore : 1 - gamma * firedBefore;
                dDecay[t].copy_(Reduce(du * up * keep, k.Width));
                var resetTerm = du * firedBefore;
                dReset[t].copy_(Reduce(resetTerm, k.Width).neg_());
                dGamma?.sub_(Reduce(resetTerm * up * At(k.Decay, t, rank), k.Width));
            }
            step.MoveToOuter(du);
            duNext?.Dispose();
            duNext = du;
        }
        duNext?.Dispose();
        return new MembraneGradients(dx, dGain, dDecay, dLeak, dReset, dThreshold, dGamma);
    }

    /// <summary>Row t of a [T, C'] coefficient, shaped to broadcast against one step of rank <paramref name="rank"/>.</summary>
    private static Tensor At(Tensor coefficient, int t, long rank) => PerChannel(coefficient[t], rank);

    private static Tensor PerChannel(Tensor values, long rank)
    {
        var shape = new long[rank];
        Array.Fill(shape, 1L);
        shape[Math.Min(1, rank - 1)] = -1;
        return values.view(shape);
    }

    /// <summary>Sums a step's [B, C, ...] contributions to one value per coefficient entry ([C'] with C' = C or 1).</summary>
    private static Tensor Reduce(Tensor contribution, long width)
    {
        if (width == 1)
            return contribution.sum().reshape(1);
        var dims = Enumerable.Range(0, (int)contribution.dim()).Where(d => d != 1).Select(d => (long)d).ToArray();
        return contribution.sum(dims);
    }
}
