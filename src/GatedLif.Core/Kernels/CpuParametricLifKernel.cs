using System.Numerics;
using System.Runtime.CompilerServices;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Kernels;

/// <summary>
/// All T steps of SpikingJelly's parametric LIF neuron (<see cref="Neurons.ParametricLif"/>, hard reset to 0 with
/// the reset detached) over float32 CPU tensors in one pass, and their backpropagation through time. The input
/// [T, ...] is read as [T, N]: one scalar k = σ(w) serves every neuron, so the N neurons are cut into chunks whose
/// state (v forward, dL/dv backward) stays in cache while the chunk runs all T steps. The forward performs the
/// unrolled steps' float operations in SpikingJelly's order, so spikes and potentials match them bit for bit:
/// <code>
/// h_t = v_{t-1} + (x_t - v_{t-1}) k     (v_{-1} = 0)
/// s_t = [h_t - V_th ≥ 0]
/// v_t = (1 - s_t) h_t
/// </code>
/// Backward, from dL/ds_t = g_t with the sigmoid surrogate σ_t = σ(α (h_t - V_th)) and c_{T} = 0:
/// <code>
/// dh_t = g_t (1 - σ_t) σ_t α + c_{t+1} (1 - s_t)
/// c_t  = dh_t - dh_t k                   (dL/dv_{t-1}, through both of h_t's uses of v_{t-1})
/// dx_t = dh_t k;   dk = Σ_t Σ dh_t (x_t - v_{t-1})
/// </code>
/// Hand-written because libtorch has no multi-step neuron operation; the unrolled graph runs about eight
/// tensor-wide kernels a step and keeps a tensor of each for backward.
/// </summary>
internal static unsafe class CpuParametricLifKernel
{
    /// <summary>Neurons a chunk runs through all T steps with its state in cache.</summary>
    private const int Chunk = 2048;

    /// <summary>Below this many elements a call runs on one thread: splitting costs more than it saves.</summary>
    private const long ParallelThreshold = 1 << 15;

    private static readonly int W = Vector<float>.Count;

    /// <summary>float32 on the CPU, up to 2 GiB per tensor (TorchSharp exposes tensor memory as a span).</summary>
    public static bool Supports(Tensor x) =>
        x.device_type == DeviceType.CPU && x.dtype == ScalarType.Float32 && x.numel() <= int.MaxValue / sizeof(float);

    /// <summary>Spikes of <paramref name="x"/> [T, ...]; <paramref name="potential"/>, when given (shaped like x),
    /// receives every h_t for the backward pass.</summary>
    public static Tensor Forward(Tensor x, float k, float threshold, Tensor? potential)
    {
        using var xc = x.contiguous();
        var spikes = empty_like(xc);
        var (steps, neurons) = Shape(xc);
        nint px = TensorMemory.Address(xc),
            ps = TensorMemory.Address(spikes),
            ph = potential is null ? 0 : TensorMemory.Address(potential);
        long chunks = (neurons + Chunk - 1) / Chunk;
        ThreadPartition.Run(chunks, (double)xc.numel(), ParallelThreshold, (_, first, last) =>
        {
            var state = GC.AllocateArray<float>(Chunk, pinned: true);
            fixed (float* v = state)
                for (long chunk = first; chunk < last; chunk++)
                    ForwardChunk(
                        (float*)px,
                        (float*)ps,
                        (float*)ph,
                        v,
                        steps,
                        neurons,
                        chunk * Chunk,
                        (int)Math.Min(Chunk, neurons - chunk * Chunk),
                        k,
                        threshold
                    );
        });
        GC.KeepAlive(xc);
        GC.KeepAlive(potential);
        return spikes;
    }

    /// <summary>dL/dx [T, ...] and dL/dk (a float32 scalar) from dL/ds (<paramref name="gradSpikes"/>).</summary>
    public static (Tensor Input, Tensor Gain) Backward(
        Tensor x,
        Tensor potential,
        Tensor gradSpikes,
        float k,
        float threshold,
        float alpha
    )
    {
        using var xc = x.contiguous();
        using var gc = gradSpikes.contiguous();
        var dx = empty_like(xc);
        var (steps, neurons) = Shape(xc);
        nint px = TensorMemory.Address(xc),
            ph = TensorMemory.Address(potential),
            pg = TensorMemory.Address(gc),
            pd = TensorMemory.Address(dx);
        long chunks = (neurons + Chunk - 1) / Chunk;
        int parts = ThreadPartition.Parts(chunks, (double)xc.numel(), ParallelThreshold);
        // Each part's sum is added in part order, not in the order the threads finish, so dL/dk is the same from
        // run to run on any number of threads (bit-exact resume).
        var sums = new double[parts];
        ThreadPartition.Run(chunks, parts, (part, first, last) =>
        {
            var state = GC.AllocateArray<float>(Chunk, pinned: true);
            double sum = 0;
            fixed (float* carry = state)
                for (long chunk = first; chunk < last; chunk++)
                    sum += BackwardChunk(
                        (float*)px,
                        (float*)ph,
                        (float*)pg,
                        (float*)pd,
                        carry,
                        steps,
                        neurons,
                        chunk * Chunk,
                        (int)Math.Min(Chunk, neurons - chunk * Chunk),
                        k,
                        threshold,
                        alpha
                    );
            sums[part] = sum;
        });
        GC.KeepAlive(xc);
        GC.KeepAlive(potential);
        GC.KeepAlive(gc);
        double total = 0;
        foreach (var partial in sums)
            total += partial;
        return (dx, tensor((float)total));
    }

    private static void ForwardChunk(
        float* x,
        float* s,
        float* h,
        float* v,
        int steps,
        long neurons,
        long start,
        int count,
        float k,
        float threshold
    )
    {
        var gain = new Vector<float>(k);
        var theta = new Vector<float>(threshold);
        var one = Vector<float>.One;
        int whole = count - count % W;
        for (int t = 0; t < steps; t++)
        {
            long offset = t * neurons + start;
            int j = 0;
            for (; j < whole; j += W)
            {
                var xt = Unsafe.ReadUnaligned<Vector<float>>(x + offset + j);
                // v_{-1} = 0 as a tensor in SpikingJelly, so the first step computes 0 + (x - 0) k as well.
                var from = t == 0 ? Vector<float>.Zero : Unsafe.ReadUnaligned<Vector<float>>(v + j);
                var ht = from + (xt - from) * gain;
                var st = Vector.ConditionalSelect(
                    Vector.GreaterThanOrEqual(ht - theta, Vector<float>.Zero),
                    one,
                    Vector<float>.Zero
                );
                Unsafe.WriteUnaligned(s + offset + j, st);
                if (h != null)
                    Unsafe.WriteUnaligned(h + offset + j, ht);
                Unsafe.WriteUnaligned(v + j, (one - st) * ht);
            }
            for (; j < count; j++)
            {
                float from = t == 0 ? 0f : v[j];
                float ht = from + (x[offset + j] - from) * k;
                float st = ht - threshold >= 0f ? 1f : 0f;
                s[offset + j] = st;
                if (h != null)
                    h[offset + j] = ht;
                v[j] = (1f - st) * ht;
            }
        }
    }

    private static double BackwardChunk(
        float* x,
        float* h,
        float* g,
        float* dx,
        float* carry,
        int steps,
        long neurons,
        long start,
        int count,
        float k,
        float threshold,
        float alpha
    )
    {
        double sum = 0;
        for (int t = steps - 1; t >= 0; t--)
        {
            long offset = t * neurons + start;
            bool final = t + 1 == steps;
            double stepSum = 0;
            for (int j = 0; j < count; j++)
            {
                float z = h[offset + j] - threshold;
                float sigmoid = 1f / (1f + MathF.Exp(-(z * alpha)));
                float dh = g[offset + j] * (1f - sigmoid) * sigmoid * alpha;
                if (!final)
                    dh += carry[j] * (z >= 0f ? 0f : 1f);
                dx[offset + j] = dh * k;
                float previous = t == 0 ? 0f : h[offset - neurons + j];
                float vPrevious = t == 0 ? 0f : (previous - threshold >= 0f ? 0f : previous);
                stepSum += dh * (x[offset + j] - vPrevious);
                carry[j] = dh - dh * k;
            }
            sum += stepSum;
        }
        return sum;
    }

    private static (int Steps, long Neurons) Shape(Tensor x) => ((int)x.shape[0], x.numel() / Math.Max(1, x.shape[0]));
}
