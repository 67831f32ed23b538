using System.Numerics;
using System.Runtime.CompilerServices;
using GatedLif.Neurons.Membrane;
using GatedLif.Surrogates;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Kernels;

/// <summary>
/// The membrane recurrence for float32 CPU tensors as one vectorised C# pass over the tensors' memory: a row of
/// neurons (one batch entry and channel) runs all T steps with its state (u and o forward, du backward) in a small
/// buffer that stays in cache, so a call streams x, o and u once, in memory order. Hand-written because libtorch has no multi-step
/// neuron operation; per-step TorchSharp operations cost about ten kernels and fresh tensors per step.
/// The forward performs the unrolled update's float operations in the same order, so spikes match it bit for bit.
/// </summary>
public sealed unsafe class CpuMembraneKernel : IMembraneKernel
{
    public static readonly CpuMembraneKernel Instance = new();

    /// <summary>Below this many elements a call runs on one thread: splitting costs more than it saves.</summary>
    private const long ParallelThreshold = 1 << 15;

    private static readonly int W = Vector<float>.Count;

    /// <summary>float32 on the CPU, up to 2 GiB per tensor (TorchSharp exposes tensor memory as a span).</summary>
    public static bool Supports(Tensor x) =>
        x.device_type == DeviceType.CPU && x.dtype == ScalarType.Float32 && x.numel() <= int.MaxValue / sizeof(float);

    public Tensor Forward(Tensor x, MembraneCoefficients k, Tensor? membrane)
    {
        using var xc = x.contiguous();
        var spikes = empty_like(xc);
        var shape = Geometry.Of(xc, k);
        var c = Values.Of(k);
        nint px = TensorMemory.Address(xc), po = TensorMemory.Address(spikes), pu = membrane is null ? 0 : TensorMemory.Address(membrane);
        ThreadPartition.Run(shape.Rows, Parts(shape), (_, first, last) => ForwardRows(shape, c, (float*)px, (float*)po, (float*)pu, first, last));
        GC.KeepAlive(xc);
        GC.KeepAlive(membrane);
        return spikes;
    }

    public MembraneGradients Backward(Tensor x, Tensor membrane, MembraneCoefficients k, Tensor gradSpikes, RectangularSurrogate surrogate)
    {
        using var xc = x.contiguous();
        using var gc = gradSpikes.contiguous();
        var dx = empty_like(xc);
        var shape = Geometry.Of(xc, k);
        var c = Values.Of(k);
        nint px = TensorMemory.Address(xc), pu = TensorMemory.Address(membrane), pg = TensorMemory.Address(gc), pd = TensorMemory.Address(dx);
        // Each part's sums are added in part order, not in the order the threads finish, so the parameter gradients
        // are the same from run to run on any number of threads (bit-exact resume).
        int parts = Parts(shape);
        var sums = new double[parts][];
        ThreadPartition.Run(shape.Rows, parts, (part, first, last) =>
        {
            sums[part] = new double[Sums.Length(shape)];
            BackwardRows(shape, c, (float)surrogate.HalfWidth, (float*)px, (float*)pu, (float*)pg, (float*)pd, sums[part], first, last);
        });
        GC.KeepAlive(xc);
        GC.KeepAlive(membrane);
        GC.KeepAlive(gc);
        var total = new double[Sums.Length(shape)];
        foreach (var partial in sums)
            for (int i = 0; i < total.Length; i++) total[i] += partial[i];

        Tensor PerStep(int kind, double sign) => Sums.Slice(total, shape, kind, sign).reshape(shape.Steps, shape.Width);
        return new MembraneGradients(dx, PerStep(Sums.Gain, 1), PerStep(Sums.Decay, 1), PerStep(Sums.Leak, -1),
            PerStep(Sums.Reset, -1), PerStep(Sums.Threshold, -1),
            c.Gated ? Sums.Slice(total, shape, Sums.ResetGate, -1) : null);
    }

    private static void ForwardRows(Geometry g, Values c, float* x, float* o, float* u, long first, long last)
    {
        var tail = stackalloc float[W];
        var one = Vector<float>.One;
        // u_{t-1} and o_{t-1} of the current row, so every step streams through x, o and u in memory order.
        var state = GC.AllocateArray<float>(2 * g.PaddedSpan, pinned: true);
        fixed (float* uRow = state)
        {
            float* oRow = uRow + g.PaddedSpan;
            for (long row = first; row < last; row++)
            {
                int ch = g.ChannelOf(row);
                for (int t = 0; t < g.Steps; t++)
                {
                    int i = t * g.Width + ch;
                    long offset = t * g.StepSize + row * g.Span;
                    var gain = new Vector<float>(c.Gain[i]);
                    var decay = new Vector<float>(c.Decay[i]);
                    var leak = new Vector<float>(c.Leak[i]);
                    var reset = new Vector<float>(c.Reset[i]);
                    var gamma = new Vector<float>(c.Gated ? c.Gamma[ch] : 1f);
                    for (int s0 = 0; s0 < g.Span; s0 += W)
                    {
                        int n = Math.Min(W, g.Span - s0);
                        var xt = Load(x + offset + s0, n, tail);
                        Vector<float> ut;
                        if (t == 0)
                            ut = xt * gain - leak;
                        else
                        {
                            var uPrev = Unsafe.ReadUnaligned<Vector<float>>(uRow + s0);
                            var oPrev = Unsafe.ReadUnaligned<Vector<float>>(oRow + s0);
                            // The unrolled update: ((D u) keep - L) + x G - R o, keep = 1 - γ o (GLIF_f: 1 - o).
                            var keep = c.Gated ? one - gamma * oPrev : one - oPrev;
                            ut = decay * uPrev * keep - leak + xt * gain - reset * oPrev;
                        }
                        var ot = Fire(ut, c.Threshold[i]);
                        Unsafe.WriteUnaligned(uRow + s0, ut);
                        Unsafe.WriteUnaligned(oRow + s0, ot);
                        Store(o + offset + s0, ot, n, tail);
                        if (u != null) Store(u + offset + s0, ut, n, tail);
                    }
                }
            }
        }
    }

    private static void BackwardRows(Geometry g, Values c, float halfWidth, float* x, float* u, float* gradO, float* dx,
        double[] sums, long first, long last)
    {
        var tail = stackalloc float[W];
        var one = Vector<float>.One;
        var half = new Vector<float>(halfWidth);
        // Per-step vector accumulators of the current row, folded into the double sums at the end of the row.
        var acc = new Vector<float>[Sums.Kinds * g.Steps];
        // du_{t+1} of the current row, so every step streams through u, x, dL/do and dx in memory order.
        var next = GC.AllocateArray<float>(g.PaddedSpan, pinned: true);
        fixed (float* duRow = next)
        {
            for (long row = first; row < last; row++)
            {
                int ch = g.ChannelOf(row);
                Array.Clear(acc);
                float gammaValue = c.Gated ? c.Gamma[ch] : 1f;
                var gamma = new Vector<float>(gammaValue);
                // Zero-padded tail lanes have zero upstream gradient, so their du stays 0 and they add nothing.
                for (int t = g.Steps - 1; t >= 0; t--)
                {
                    int i = t * g.Width + ch;
                    long offset = t * g.StepSize + row * g.Span;
                    bool final = t + 1 == g.Steps;
                    var decayNext = final ? default : new Vector<float>(c.Decay[i + g.Width]);
                    var resetNext = final ? default : new Vector<float>(c.Reset[i + g.Width]);
                    var threshold = new Vector<float>(c.Threshold[i]);
                    var gain = new Vector<float>(c.Gain[i]);
                    var decay = new Vector<float>(c.Decay[i]);
                    Vector<float> accGain = default, accLeak = default, accThreshold = default,
                        accDecay = default, accReset = default, accGamma = default;
                    for (int s0 = 0; s0 < g.Span; s0 += W)
                    {
                        int n = Math.Min(W, g.Span - s0);
                        var ut = Load(u + offset + s0, n, tail);
                        var z = ut - threshold;
                        var window = Vector.LessThan(Vector.Abs(z), half);
                        var dO = Load(gradO + offset + s0, n, tail);
                        Vector<float> carry = default;
                        if (!final)
                        {
                            var duNext = Unsafe.ReadUnaligned<Vector<float>>(duRow + s0);
                            var ot = Vector.ConditionalSelect(Vector.GreaterThan(z, Vector<float>.Zero), one, Vector<float>.Zero);
                            dO -= duNext * (gamma * decayNext * ut + resetNext);
                            carry = duNext * decayNext * (one - gamma * ot);
                        }
                        var dOWindow = Vector.ConditionalSelect(window, dO, Vector<float>.Zero);
                        var du = dOWindow + carry;
                        Unsafe.WriteUnaligned(duRow + s0, du);
                        Store(dx + offset + s0, du * gain, n, tail);
                        var xt = Load(x + offset + s0, n, tail);
                        accGain += du * xt;
                        accLeak += du;
                        accThreshold += dOWindow;
                        if (t > 0)
                        {
                            var up = Load(u + offset - g.StepSize + s0, n, tail);
                            var op = Fire(up, c.Threshold[i - g.Width]);
                            accDecay += du * up * (one - gamma * op);
                            var resetTerm = du * op;
                            accReset += resetTerm;
                            accGamma += resetTerm * up * decay;
                        }
                    }
                    acc[Sums.Gain * g.Steps + t] = accGain;
                    acc[Sums.Leak * g.Steps + t] = accLeak;
                    acc[Sums.Threshold * g.Steps + t] = accThreshold;
                    acc[Sums.Decay * g.Steps + t] = accDecay;
                    acc[Sums.Reset * g.Steps + t] = accReset;
                    acc[Sums.ResetGate * g.Steps + t] = accGamma;
                }
                for (int kind = 0; kind < Sums.Kinds; kind++)
                    for (int t = 0; t < g.Steps; t++)
                    {
                        int slot = kind == Sums.ResetGate ? ch : t * g.Width + ch;
                        sums[kind * g.Steps * g.Width + slot] += Vector.Sum(acc[kind * g.Steps + t]);
                    }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> Fire(Vector<float> u, float threshold) =>
        Vector.ConditionalSelect(Vector.GreaterThan(u - new Vector<float>(threshold), Vector<float>.Zero),
            Vector<float>.One, Vector<float>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> Load(float* p, int n, float* tail)
    {
        if (n == W) return Unsafe.ReadUnaligned<Vector<float>>(p);
        for (int i = 0; i < W; i++) tail[i] = i < n ? p[i] : 0f;
        return Unsafe.ReadUnaligned<Vector<float>>(tail);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* p, Vector<float> v, int n, float* tail)
    {
        if (n == W)
        {
            Unsafe.WriteUnaligned(p, v);
            return;
        }
        Unsafe.WriteUnaligned(tail, v);
        for (int i = 0; i < n; i++) p[i] = tail[i];
    }

    /// <summary>Contiguous row ranges, one per libtorch intra-op thread, or one for a small call.</summary>
    private static int Parts(Geometry g) => ThreadPartition.Parts(g.Rows, g.Rows * g.Span * g.Steps, ParallelThreshold);

    /// <summary>
    /// x as [T, Rows, Span]: rows are (batch, channel) pairs, the span the contiguous spatial positions of one
    /// channel (1 without spatial dims); Width is the coefficients' values per step (channels or 1).
    /// </summary>
    private readonly record struct Geometry(int Steps, long Rows, int Span, int Channels, int Width)
    {
        public long StepSize => Rows * Span;

        /// <summary>Span rounded up to whole vectors, for per-row state buffers.</summary>
        public int PaddedSpan => (Span + W - 1) / W * W;

        public int ChannelOf(long row) => Width == 1 ? 0 : (int)(row % Channels);

        public static Geometry Of(Tensor x, MembraneCoefficients k)
        {
            long steps = x.shape[0], batch = x.shape[1], channels = x.dim() >= 3 ? x.shape[2] : 1;
            long span = x.numel() / Math.Max(1, steps * batch * channels);
            if (k.Width != 1 && k.Width != channels)
                throw new ArgumentException($"coefficients of width {k.Width} do not fit {channels} channels");
            return new Geometry((int)steps, batch * channels, (int)span, (int)channels, (int)k.Width);
        }
    }

    /// <summary>The coefficients as plain arrays, index t * Width + channel (γ: channel).</summary>
    private sealed record Values(float[] Gain, float[] Decay, float[] Leak, float[] Reset, float[] Threshold, float[] Gamma)
    {
        public bool Gated => Gamma.Length > 0;

        public static Values Of(MembraneCoefficients k) =>
            new(Read(k.Gain), Read(k.Decay), Read(k.Leak), Read(k.Reset), Read(k.Threshold),
                k.ResetGate is null ? [] : Read(k.ResetGate));

        private static float[] Read(Tensor t)
        {
            using var plain = t.detach().contiguous();
            return plain.data<float>().ToArray();
        }
    }

    /// <summary>Layout of the gradient sums: one block of [T, Width] per kind; the reset gate's block uses only
    /// its first Width entries.</summary>
    private static class Sums
    {
        public const int Gain = 0, Decay = 1, Leak = 2, Reset = 3, Threshold = 4, ResetGate = 5, Kinds = 6;

        public static int Length(Geometry g) => Kinds * g.Steps * g.Width;

        public static Tensor Slice(double[] sums, Geometry g, int kind, double sign)
        {
            int length = kind == ResetGate ? g.Width : g.Steps * g.Width;
            var values = new float[length];
            for (int i = 0; i < length; i++) values[i] = (float)(sign * sums[kind * g.Steps * g.Width + i]);
            return tensor(values);
        }
    }
}
