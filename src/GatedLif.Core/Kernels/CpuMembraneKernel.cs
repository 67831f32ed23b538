using System.Numerics;
using System.Runtime.CompilerServices;
using GatedLif.Surrogates;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Kernels;

/// <summary>The vectorised CPU membrane kernel for a tensor's element type.</summary>
internal static class CpuMembraneKernel
{
    /// <summary>
    /// The kernel for a CPU membrane of <paramref name="count"/> values of <paramref name="dtype"/>: float32 and
    /// float64 (the membrane the CIFAR10-DVS neuron's float64 gates promote to), up to 2 GiB per tensor (TorchSharp
    /// exposes tensor memory as a span); null for any other.
    /// </summary>
    public static IMembraneKernel? For(DeviceType device, ScalarType dtype, long count) =>
        device != DeviceType.CPU
            ? null
            : dtype switch
            {
                ScalarType.Float32 when count <= int.MaxValue / sizeof(float) => CpuMembraneKernel<float>.Instance,
                ScalarType.Float64 when count <= int.MaxValue / sizeof(double) => CpuMembraneKernel<double>.Instance,
                _ => null,
            };
}

/// <summary>
/// The membrane recurrence for CPU tensors of element type <typeparamref name="T"/> (float or double) as one
/// vectorised C# pass over the tensors' memory: a row of neurons (one batch entry and channel) runs all T steps with
/// its state (u and o forward, du backward) in a small buffer that stays in cache, so a call streams x, o and u once,
/// in memory order. Hand-written because libtorch has no multi-step neuron operation; per-step TorchSharp operations
/// cost about ten kernels and fresh tensors per step. The forward performs the unrolled update's operations in the
/// same order and precision, so spikes match it bit for bit.
/// </summary>
internal sealed unsafe class CpuMembraneKernel<T> : IMembraneKernel
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static readonly CpuMembraneKernel<T> Instance = new();

    /// <summary>Below this many elements a call runs on one thread: splitting costs more than it saves.</summary>
    private const long ParallelThreshold = 1 << 15;

    private static readonly int W = Vector<T>.Count;

    public Tensor Forward(Tensor x, MembraneCoefficients k, Tensor? membrane)
    {
        using var xc = x.contiguous();
        var spikes = empty_like(xc);
        var shape = Geometry.Of(xc, k);
        var c = Values.Of(k);
        nint px = TensorMemory.Address(xc),
            po = TensorMemory.Address(spikes),
            pu = membrane is null ? 0 : TensorMemory.Address(membrane);
        ThreadPartition.Run(shape.Rows, Parts(shape), (_, first, last) =>
            ForwardRows(shape, c, (T*)px, (T*)po, (T*)pu, first, last)
        );
        GC.KeepAlive(xc);
        GC.KeepAlive(membrane);
        return spikes;
    }

    public MembraneGradients Backward(
        Tensor x,
        Tensor membrane,
        MembraneCoefficients k,
        Tensor gradSpikes,
        RectangularSurrogate surrogate
    )
    {
        using var xc = x.contiguous();
        using var gc = gradSpikes.contiguous();
        var dx = empty_like(xc);
        var shape = Geometry.Of(xc, k);
        var c = Values.Of(k);
        nint px = TensorMemory.Address(xc),
            pu = TensorMemory.Address(membrane),
            pg = TensorMemory.Address(gc),
            pd = TensorMemory.Address(dx);
        // Each part's sums are added in part order, not in the order the threads finish, so the parameter gradients
        // are the same from run to run on any number of threads (bit-exact resume).
        int parts = Parts(shape);
        var sums = new double[parts][];
        ThreadPartition.Run(shape.Rows, parts, (part, first, last) =>
        {
            sums[part] = new double[Sums.Length(shape)];
            BackwardRows(
                shape,
                c,
                T.CreateChecked(surrogate.HalfWidth),
                (T*)px,
                (T*)pu,
                (T*)pg,
                (T*)pd,
                sums[part],
                first,
                last
            );
        });
        GC.KeepAlive(xc);
        GC.KeepAlive(membrane);
        GC.KeepAlive(gc);
        var total = new double[Sums.Length(shape)];
        foreach (var partial in sums)
            for (int i = 0; i < total.Length; i++)
                total[i] += partial[i];

        Tensor PerStep(int kind, double sign) =>
            Sums.Slice(total, shape, kind, sign, xc.dtype).reshape(shape.Steps, shape.Width);
        return new MembraneGradients(
            dx,
            PerStep(Sums.Gain, 1),
            PerStep(Sums.Decay, 1),
            PerStep(Sums.Leak, -1),
            PerStep(Sums.Reset, -1),
            PerStep(Sums.Threshold, -1),
            c.Gated ? Sums.Slice(total, shape, Sums.ResetGate, -1, xc.dtype) : null
        );
    }

    private static void ForwardRows(Geometry g, Values c, T* x, T* o, T* u, long first, long last)
    {
        var tail = stackalloc T[W];
        var one = Vector<T>.One;
        // u_{t-1} and o_{t-1} of the current row, so every step streams through x, o and u in memory order.
        var state = GC.AllocateArray<T>(2 * g.PaddedSpan, pinned: true);
        fixed (T* uRow = state)
        {
            T* oRow = uRow + g.PaddedSpan;
            for (long row = first; row < last; row++)
            {
                int ch = g.ChannelOf(row);
                for (int t = 0; t < g.Steps; t++)
                {
                    int i = t * g.Width + ch;
                    long offset = t * g.StepSize + row * g.Span;
                    var gain = new Vector<T>(c.Gain[i]);
                    var decay = new Vector<T>(c.Decay[i]);
                    var leak = new Vector<T>(c.Leak[i]);
                    var reset = new Vector<T>(c.Reset[i]);
                    var gamma = new Vector<T>(c.Gated ? c.Gamma[ch] : T.One);
                    for (int s0 = 0; s0 < g.Span; s0 += W)
                    {
                        int n = Math.Min(W, g.Span - s0);
                        var xt = Load(x + offset + s0, n, tail);
                        Vector<T> ut;
                        if (t == 0)
                            ut = xt * gain - leak;
                        else
                        {
                            var uPrev = Unsafe.ReadUnaligned<Vector<T>>(uRow + s0);
                            var oPrev = Unsafe.ReadUnaligned<Vector<T>>(oRow + s0);
                            // The unrolled update: ((D u) keep - L) + x G - R o, keep = 1 - γ o (GLIF_f: 1 - o).
                            var keep = c.Gated ? one - gamma * oPrev : one - oPrev;
                            ut = decay * uPrev * keep - leak + xt * gain - reset * oPrev;
                        }
                        var ot = Fire(ut, c.Threshold[i]);
                        Unsafe.WriteUnaligned(uRow + s0, ut);
                        Unsafe.WriteUnaligned(oRow + s0, ot);
                        Store(o + offset + s0, ot, n, tail);
                        if (u != null)
                            Store(u + offset + s0, ut, n, tail);
                    }
                }
            }
        }
    }

    private static void BackwardRows(
        Geometry g,
        Values c,
        T halfWidth,
        T* x,
        T* u,
        T* gradO,
        T* dx,
        double[] sums,
        long first,
        long last
    )
    {
        var tail = stackalloc T[W];
        var one = Vector<T>.One;
        var half = new Vector<T>(halfWidth);
        // Per-step vector accumulators of the current row, folded into the double sums at the end of the row.
        var acc = new Vector<T>[Sums.Kinds * g.Steps];
        // du_{t+1} of the current row, so every step streams through u, x, dL/do and dx in memory order.
        var next = GC.AllocateArray<T>(g.PaddedSpan, pinned: true);
        fixed (T* duRow = next)
        {
            for (long row = first; row < last; row++)
            {
                int ch = g.ChannelOf(row);
                Array.Clear(acc);
                var gamma = new Vector<T>(c.Gated ? c.Gamma[ch] : T.One);
                // Zero-padded tail lanes have zero upstream gradient, so their du stays 0 and they add nothing.
                for (int t = g.Steps - 1; t >= 0; t--)
                {
                    int i = t * g.Width + ch;
                    long offset = t * g.StepSize + row * g.Span;
                    bool final = t + 1 == g.Steps;
                    var decayNext = final ? default : new Vector<T>(c.Decay[i + g.Width]);
                    var resetNext = final ? default : new Vector<T>(c.Reset[i + g.Width]);
                    var threshold = new Vector<T>(c.Threshold[i]);
                    var gain = new Vector<T>(c.Gain[i]);
                    var decay = new Vector<T>(c.Decay[i]);
                    Vector<T> accGain = default,
                        accLeak = default,
                        accThreshold = default,
                        accDecay = default,
                        accReset = default,
                        accGamma = default;
                    for (int s0 = 0; s0 < g.Span; s0 += W)
                    {
                        int n = Math.Min(W, g.Span - s0);
                        var ut = Load(u + offset + s0, n, tail);
                        var z = ut - threshold;
                        var window = Vector.LessThan(Vector.Abs(z), half);
                        var dO = Load(gradO + offset + s0, n, tail);
                        Vector<T> carry = default;
                        if (!final)
                        {
                            var duNext = Unsafe.ReadUnaligned<Vector<T>>(duRow + s0);
                            var ot = Vector.ConditionalSelect(
                                Vector.GreaterThan(z, Vector<T>.Zero),
                                one,
                                Vector<T>.Zero
                            );
                            dO -= duNext * (gamma * decayNext * ut + resetNext);
                            carry = duNext * decayNext * (one - gamma * ot);
                        }
                        var dOWindow = Vector.ConditionalSelect(window, dO, Vector<T>.Zero);
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
                    sums[kind * g.Steps * g.Width + slot] += double.CreateTruncating(
                        Vector.Sum(acc[kind * g.Steps + t])
                    );
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<T> Fire(Vector<T> u, T threshold) =>
        Vector.ConditionalSelect(
            Vector.GreaterThan(u - new Vector<T>(threshold), Vector<T>.Zero),
            Vector<T>.One,
            Vector<T>.Zero
        );

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<T> Load(T* p, int n, T* tail)
    {
        if (n == W)
            return Unsafe.ReadUnaligned<Vector<T>>(p);
        for (int i = 0; i < W; i++)
            tail[i] = i < n ? p[i] : T.Zero;
        return Unsafe.ReadUnaligned<Vector<T>>(tail);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(T* p, Vector<T> v, int n, T* tail)
    {
        if (n == W)
        {
            Unsafe.WriteUnaligned(p, v);
            return;
        }
        Unsafe.WriteUnaligned(tail, v);
        for (int i = 0; i < n; i++)
            p[i] = tail[i];
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
            long steps = x.shape[0],
                batch = x.shape[1],
                channels = x.dim() >= 3 ? x.shape[2] : 1;
            long span = x.numel() / Math.Max(1, steps * batch * channels);
            if (k.Width != 1 && k.Width != channels)
                throw new ArgumentException($"coefficients of width {k.Width} do not fit {channels} channels");
            return new Geometry((int)steps, batch * channels, (int)span, (int)channels, (int)k.Width);
        }
    }

    /// <summary>The coefficients as plain arrays, index t * Width + channel (γ: channel).</summary>
    private sealed record Values(T[] Gain, T[] Decay, T[] Leak, T[] Reset, T[] Threshold, T[] Gamma)
    {
        public bool Gated => Gamma.Length > 0;

        public static Values Of(MembraneCoefficients k) =>
            new(
                Read(k.Gain),
                Read(k.Decay),
                Read(k.Leak),
                Read(k.Reset),
                Read(k.Threshold),
                k.ResetGate is null ? [] : Read(k.ResetGate)
            );

        private static T[] Read(Tensor t)
        {
            using var plain = t.detach().contiguous();
            return plain.data<T>().ToArray();
        }
    }

    /// <summary>Layout of the gradient sums: one block of [T, Width] per kind; the reset gate's block uses only
    /// its first Width entries.</summary>
    private static class Sums
    {
        public const int Gain = 0,
            Decay = 1,
            Leak = 2,
            Reset = 3,
            Threshold = 4,
            ResetGate = 5,
            Kinds = 6;

        public static int Length(Geometry g) => Kinds * g.Steps * g.Width;

        /// <summary>One kind's sums in the membrane's dtype (rounded once, from double).</summary>
        public static Tensor Slice(double[] sums, Geometry g, int kind, double sign, ScalarType dtype)
        {
            int length = kind == ResetGate ? g.Width : g.Steps * g.Width;
            var values = new double[length];
            for (int i = 0; i < length; i++)
                values[i] = sign * sums[kind * g.Steps * g.Width + i];
            using var exact = tensor(values);
            return exact.to_type(dtype);
        }
    }
}
