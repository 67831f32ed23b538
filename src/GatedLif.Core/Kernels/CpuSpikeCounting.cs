using System.Numerics;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Kernels;

/// <summary>
/// Spike counting for float32 CPU tensors as one vectorised C# pass over their memory, on libtorch's threads, with no
/// tensor allocated: libtorch would need a kernel and a temporary per comparison and per reduction, and its reductions
/// over a middle dim (channels, steps) are slow on the CPU, which made counting cost 70% of an evaluation's time.
/// </summary>
internal static unsafe class CpuSpikeCounting
{
    /// <summary>Below this many elements a call runs on one thread: splitting costs more than it saves.</summary>
    private const long ParallelThreshold = 1 << 16;

    private static readonly int W = Vector<float>.Count;

    public static bool Supports(Tensor x) =>
        x.device_type == DeviceType.CPU && x.dtype == ScalarType.Float32 && x.numel() <= int.MaxValue / sizeof(float);

    /// <summary>
    /// Spikes [steps, samples, neurons]: the spikes at each step, and the (sample, neuron) pairs that fired at no step
    /// and at every step.
    /// </summary>
    public static (double[] PerStep, long Never, long Always) Neurons(Tensor spikes, int steps)
    {
        using var x = spikes.contiguous();
        long samples = x.shape[1];
        int neurons = (int)(x.numel() / Math.Max(1, steps * samples));
        var p = (float*)TensorMemory.Address(x);
        var perStep = new double[steps];
        long never = 0,
            always = 0;
        ThreadPartition.Run(samples, x.numel(), ParallelThreshold, (_, first, last) =>
        {
            var partial = new double[steps];
            var (n, a) = NeuronRange(p, steps, samples, neurons, first, last, partial);
            lock (perStep)
            {
                for (int t = 0; t < steps; t++)
                    perStep[t] += partial[t];
                never += n;
                always += a;
            }
        });
        GC.KeepAlive(x);
        return (perStep, never, always);
    }

    /// <summary>
    /// Input [items, channels, positions]: for each item, whether every value is 0 or 1, and if so
    /// Σ over channels and positions of value × <paramref name="fanOut"/>[position]. Items that are not spikes stop at
    /// their first other value and report 0 operations.
    /// </summary>
    public static (double[] Sops, bool[] Spikes) Synapses(Tensor input, long channels, double[] fanOut)
    {
        using var x = input.contiguous();
        long items = x.shape[0];
        int positions = fanOut.Length;
        if (x.numel() != items * channels * positions)
            throw new ArgumentException(
                $"an input of shape [{string.Join(", ", x.shape)}] is not {items} x {channels} x {positions}"
            );
        var p = (float*)TensorMemory.Address(x);
        var sops = new double[items];
        var spikes = new bool[items];
        ThreadPartition.Run(items, x.numel(), ParallelThreshold, (_, first, last) =>
            SynapseRange(p, channels, positions, fanOut, first, last, sops, spikes)
        );
        GC.KeepAlive(x);
        return (sops, spikes);
    }

    /// <summary>
    /// Samples [first, last): the T rows of a sample are read side by side, a vector of neurons at a time, so a
    /// neuron's count over the steps is in a register and nothing is written.
    /// </summary>
    private static (long Never, long Always) NeuronRange(
        float* x,
        int steps,
        long samples,
        int neurons,
        long first,
        long last,
        double[] perStep
    )
    {
        long never = 0,
            always = 0;
        var zero = Vector<float>.Zero;
        var all = new Vector<float>(steps);
        // Lane sums of a row stay below 2^24 (a row has at most 2^31 / 4 values over W lanes), so float is exact.
        var stepSums = new Vector<float>[steps];
        for (long b = first; b < last; b++)
        {
            Array.Fill(stepSums, Vector<float>.Zero);
            var silent = Vector<int>.Zero;
            var saturated = Vector<int>.Zero;
            long row0 = b * neurons,
                stepStride = samples * neurons;
            int i = 0;
            for (; i + W <= neurons; i += W)
            {
                var count = Vector<float>.Zero;
                for (int t = 0; t < steps; t++)
                {
                    var v = Vector.Load(x + row0 + t * stepStride + i);
                    stepSums[t] += v;
                    count += v;
                }
                // Equals gives -1 in a matching lane.
                silent -= Vector.Equals(count, zero);
                saturated -= Vector.Equals(count, all);
            }
            for (int t = 0; t < steps; t++)
                perStep[t] += Vector.Sum(stepSums[t]);
            never += Vector.Sum(silent);
            always += Vector.Sum(saturated);
            for (; i < neurons; i++)
            {
                float count = 0;
                for (int t = 0; t < steps; t++)
                {
                    float v = x[row0 + t * stepStride + i];
                    perStep[t] += v;
                    count += v;
                }
                if (count == 0)
                    never++;
                else if (count == steps)
                    always++;
            }
        }
        return (never, always);
    }

    private static void SynapseRange(
        float* x,
        long channels,
        int positions,
        double[] fanOut,
        long first,
        long last,
        double[] sops,
        bool[] spikes
    )
    {
        var zero = Vector<float>.Zero;
        var one = Vector<float>.One;
        fixed (float* sum = PositionBuffer(positions))
        {
            for (long item = first; item < last; item++)
            {
                bool binary = true;
                for (long c = 0; c < channels && binary; c++)
                {
                    float* row = x + (item * channels + c) * positions;
                    var bits = Vector<int>.AllBitsSet;
                    int i = 0;
                    for (; i + W <= positions; i += W)
                    {
                        var v = Vector.Load(row + i);
                        bits &= Vector.Equals(v, zero) | Vector.Equals(v, one);
                        // Channel sums of 0/1 values are small integers: exact in float.
                        (c == 0 ? v : Vector.Load(sum + i) + v).Store(sum + i);
                    }
                    binary = bits == Vector<int>.AllBitsSet;
                    for (; i < positions; i++)
                    {
                        float v = row[i];
                        binary &= v == 0 || v == 1;
                        sum[i] = c == 0 ? v : sum[i] + v;
                    }
                }
                spikes[item] = binary;
                if (!binary)
                    continue;
                double total = 0;
                for (int i = 0; i < positions; i++)
                    total += sum[i] * fanOut[i];
                sops[item] = total;
            }
        }
    }

    /// <summary>This thread's buffer for an item's channel sums, kept from call to call rather than
    /// allocated.</summary>
    [ThreadStatic]
    private static float[]? _positionBuffer;

    private static float[] PositionBuffer(int positions)
    {
        if (_positionBuffer is null || _positionBuffer.Length < positions)
            _positionBuffer = new float[positions];
        return _positionBuffer;
    }
}
