using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Layers.Convolutions;

/// <summary>
/// A 2-D convolution whose work scales with the input's non-zeros: each non-zero input element (a spike) adds its
/// value times the kernel's weights to every output position it reaches (<see cref="ScatterTaps"/>), and the weight
/// gradient adds its value times the output gradient at those positions to the weights. For binary spikes this is
/// additions only. Values are used as they are, so any input gives conv2d's result up to the order of float sums;
/// sparsity only decides the speed. Vectorised C# over the tensors' memory, float32 on the CPU: libtorch has no
/// sparse-input convolution, and its sparse tensors do not reach its convolution kernels.
/// The accumulators are channel-last rows (one row of output channels, padded to whole vectors, per output
/// pixel, or per kernel tap for the weight gradient), so every addition is a run of whole vectors; the forward
/// turns each image's rows back into [C, H, W] while they are still in cache.
/// </summary>
public static unsafe class SpikeConvolutionKernel
{
    private static readonly int W = Vector<float>.Count;

    /// <summary>float32 CPU tensors, up to 2 GiB each (the kernel addresses them with int offsets).</summary>
    public static bool Supports(Tensor input, Tensor weight) =>
        input.device_type == DeviceType.CPU && weight.device_type == DeviceType.CPU
        && input.dtype == ScalarType.Float32 && weight.dtype == ScalarType.Float32
        && input.numel() <= int.MaxValue / sizeof(float);

    /// <summary>conv2d(input, weight) without bias.</summary>
    public static Tensor Forward(Tensor input, Tensor weight, ConvolutionGeometry g)
    {
        var s = Shape.Of(input, weight.shape, g);
        using var scope = NewDisposeScope();
        var x = input.contiguous();
        var packed = PackWeight(weight, s);
        var output = empty([s.Images, s.OutChannels, s.OutHeight, s.OutWidth], ScalarType.Float32);
        var taps = ScatterTaps.For(g, s.Height, s.Width, s.KernelHeight, s.KernelWidth, s.Padded, s.OutRow);
        int parts = Parts(s.Images, s.Work);
        var scratch = empty([parts, (long)s.OutPixels * s.OutRow], ScalarType.Float32);
        nint px = TensorMemory.Address(x), pw = TensorMemory.Address(packed), py = TensorMemory.Address(output),
            ps = TensorMemory.Address(scratch);
        Partition(s.Images, parts, (part, first, last) =>
        {
            fixed (int* start = taps.Start, wOff = taps.WeightOffset, oOff = taps.OutputOffset)
            {
                float* rows = (float*)ps + (long)part * s.OutPixels * s.OutRow;
                for (long n = first; n < last; n++)
                {
                    new Span<float>(rows, s.OutPixels * s.OutRow).Clear();
                    for (int ci = 0; ci < s.InChannels; ci++)
                    {
                        var add = new Scatter((float*)pw + (long)ci * s.WeightRows * s.Padded,
                            rows + ci / s.InPerGroup * s.Padded, start, wOff, oOff, s.Padded);
                        Scan((float*)px + (n * s.InChannels + ci) * s.Pixels, s.Pixels, ref add);
                    }
                    ToChannelsFirst(rows, (float*)py + n * s.OutChannels * s.OutPixels, s);
                }
            }
        });
        return output.MoveToOuterDisposeScope();
    }

    /// <summary>The gradient of conv2d(input, weight) with respect to a weight of <paramref name="weightShape"/>.</summary>
    public static Tensor WeightGradient(Tensor input, Tensor gradOutput, long[] weightShape, ConvolutionGeometry g)
    {
        var s = Shape.Of(input, weightShape, g);
        using var scope = NewDisposeScope();
        var x = input.contiguous();
        // Output gradient as channel-last rows [N, OH*OW, groups, padded channels].
        var rowsOfGradient = PadChannels(gradOutput.reshape(s.Images, s.Groups, s.OutPerGroup, s.OutPixels).permute(0, 3, 1, 2), s);
        var packed = zeros([s.InChannels, s.WeightRows, s.Padded], ScalarType.Float32);
        var taps = ScatterTaps.For(g, s.Height, s.Width, s.KernelHeight, s.KernelWidth, s.Padded, s.OutRow);
        nint px = TensorMemory.Address(x), pg = TensorMemory.Address(rowsOfGradient), pw = TensorMemory.Address(packed);
        // Input channels are split among the threads, so each owns its rows of the gradient and none are summed.
        Partition(s.InChannels, Parts(s.InChannels, s.Work), (_, first, last) =>
        {
            fixed (int* start = taps.Start, wOff = taps.WeightOffset, oOff = taps.OutputOffset)
            {
                for (long n = 0; n < s.Images; n++)
                {
                    float* gradient = (float*)pg + n * s.OutPixels * s.OutRow;
                    for (long ci = first; ci < last; ci++)
                    {
                        var gather = new Gather(gradient + ci / s.InPerGroup * s.Padded,
                            (float*)pw + ci * s.WeightRows * s.Padded, start, wOff, oOff, s.Padded);
                        Scan((float*)px + (n * s.InChannels + ci) * s.Pixels, s.Pixels, ref gather);
                    }
                }
            }
        });
        return packed.view(s.Groups, s.InPerGroup, s.WeightRows, s.Padded)
            .narrow(3, 0, s.OutPerGroup)
            .permute(0, 3, 1, 2)
            .reshape(weightShape)
            .MoveToOuterDisposeScope();
    }

    /// <summary>The weight as rows [in channel, tap, padded out channels of its group].</summary>
    private static Tensor PackWeight(Tensor weight, Shape s) =>
        PadChannels(weight.detach().reshape(s.Groups, s.OutPerGroup, s.InPerGroup, s.WeightRows).permute(0, 2, 3, 1), s);

    /// <summary>A contiguous copy with the last dim (output channels of a group) zero-padded to whole vectors.</summary>
    private static Tensor PadChannels(Tensor rows, Shape s) => s.Padded == s.OutPerGroup
        ? rows.contiguous()
        : nn.functional.pad(rows, [0, s.Padded - s.OutPerGroup]).contiguous();

    private interface ISpikeVisitor
    {
        void Visit(int pixel, float value);
    }

    /// <summary>Forward: output rows at the spike's taps += value × the weight rows of those taps.</summary>
    private readonly struct Scatter(float* weights, float* output, int* start, int* weightOffset, int* outputOffset, int length)
        : ISpikeVisitor
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Visit(int pixel, float value)
        {
            var v = new Vector<float>(value);
            for (int t = start[pixel], end = start[pixel + 1]; t < end; t++)
                Accumulate(output + outputOffset[t], weights + weightOffset[t], v, length);
        }
    }

    /// <summary>Weight gradient: weight rows at the spike's taps += value × the output-gradient rows of those taps.</summary>
    private readonly struct Gather(float* gradient, float* weightGradient, int* start, int* weightOffset, int* outputOffset, int length)
        : ISpikeVisitor
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Visit(int pixel, float value)
        {
            var v = new Vector<float>(value);
            for (int t = start[pixel], end = start[pixel + 1]; t < end; t++)
                Accumulate(weightGradient + weightOffset[t], gradient + outputOffset[t], v, length);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate(float* target, float* source, Vector<float> value, int length)
    {
        for (int c = 0; c < length; c += W)
        {
            var sum = Unsafe.ReadUnaligned<Vector<float>>(target + c);
            Unsafe.WriteUnaligned(target + c, Vector.FusedMultiplyAdd(value, Unsafe.ReadUnaligned<Vector<float>>(source + c), sum));
        }
    }

    /// <summary>Visits every non-zero of a plane in memory order, a vector compare per 8 pixels.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Scan<TVisitor>(float* plane, int length, ref TVisitor visitor) where TVisitor : struct, ISpikeVisitor
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 8 <= length; i += 8)
            {
                uint nonZero = ~Vector256.Equals(Vector256.Load(plane + i), Vector256<float>.Zero).ExtractMostSignificantBits() & 0xFF;
                while (nonZero != 0)
                {
                    int lane = BitOperations.TrailingZeroCount(nonZero);
                    visitor.Visit(i + lane, plane[i + lane]);
                    nonZero &= nonZero - 1;
                }
            }
        }
        for (; i < length; i++)
        {
            if (plane[i] == 0f) continue;
            visitor.Visit(i, plane[i]);
        }
    }

    /// <summary>One image's channel-last rows [OH*OW, groups, padded] into its [C, OH*OW] block of the output.</summary>
    private static void ToChannelsFirst(float* rows, float* output, Shape s)
    {
        var lanes = stackalloc float[W];
        for (int group = 0; group < s.Groups; group++)
        {
            for (int c0 = 0; c0 < s.OutPerGroup; c0 += W)
            {
                int n = Math.Min(W, s.OutPerGroup - c0);
                float* source = rows + group * s.Padded + c0;
                float* target = output + (long)(group * s.OutPerGroup + c0) * s.OutPixels;
                for (int q = 0; q < s.OutPixels; q++)
                {
                    Unsafe.WriteUnaligned(lanes, Unsafe.ReadUnaligned<Vector<float>>(source + (long)q * s.OutRow));
                    for (int i = 0; i < n; i++)
                        target[(long)i * s.OutPixels + q] = lanes[i];
                }
            }
        }
    }

    /// <summary>Below this many multiply-adds of the dense convolution a call runs on one thread.</summary>
    private const double ParallelWork = 1 << 20;

    private static int Parts(long items, double work) =>
        (int)Math.Max(1, Math.Min(items, work < ParallelWork ? 1 : get_num_threads()));

    /// <summary>Runs <paramref name="body"/>(part, first, last) over contiguous ranges of items, one per thread.</summary>
    private static void Partition(long items, int parts, Action<int, long, long> body)
    {
        if (parts <= 1)
        {
            body(0, 0, items);
            return;
        }
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts },
            p => body(p, items * p / parts, items * (p + 1) / parts));
    }

    /// <summary>Sizes of one call; rows of output channels are padded to whole vectors, per group.</summary>
    private readonly record struct Shape(int Images, int InChannels, int Height, int Width, int OutChannels, int Groups,
        int KernelHeight, int KernelWidth, int OutHeight, int OutWidth)
    {
        public int InPerGroup => InChannels / Groups;
        public int OutPerGroup => OutChannels / Groups;
        public int Padded => (OutPerGroup + W - 1) / W * W;
        public int OutRow => Groups * Padded;
        public int Pixels => Height * Width;
        public int OutPixels => OutHeight * OutWidth;
        public int WeightRows => KernelHeight * KernelWidth;

        /// <summary>Multiply-adds of the dense convolution, to decide whether threads pay.</summary>
        public double Work => (double)Images * OutChannels * OutPixels * InPerGroup * WeightRows;

        public static Shape Of(Tensor input, long[] weight, ConvolutionGeometry g)
        {
            if (input.dim() != 4 || weight.Length != 4 || input.shape[1] != weight[1] * g.Groups || weight[0] % g.Groups != 0)
                throw new ArgumentException(
                    $"a convolution of [{string.Join(", ", input.shape)}] with a weight of [{string.Join(", ", weight)}] in {g.Groups} groups");
            var (oh, ow) = g.OutputSize(input.shape[2], input.shape[3], weight[2], weight[3]);
            return new Shape((int)input.shape[0], (int)input.shape[1], (int)input.shape[2], (int)input.shape[3],
                (int)weight[0], (int)g.Groups, (int)weight[2], (int)weight[3], (int)oh, (int)ow);
        }
    }
}
