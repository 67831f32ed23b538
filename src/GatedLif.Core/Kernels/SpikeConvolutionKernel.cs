using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Kernels;

/// <summary>
/// A 2-D convolution whose work scales with the input's non-zeros (spikes). As matrices, the convolution is
/// [output pixels, taps × input channels] (the im2col of the input, here mostly zeros) times the weight
/// [taps × input channels, output channels]; this kernel multiplies only the non-zeros
/// (<see cref="SpikeList"/>): each output pixel sums, over its taps, the weight rows of the channels that are
/// non-zero at the tap's input pixel, times their values; the weight gradient sums, for each weight row, the
/// output-gradient rows of the pixels its channel's non-zeros reach. For binary spikes every product is a weight
/// times 1. Values are used as they are, so any input gives conv2d's result up to the order of float sums;
/// sparsity only decides the speed.
/// Output channels go in tiles of up to 8 vectors that sum in registers; the forward runs every image of a thread
/// through one weight tile before the next, and the weight gradient reads the output gradient in blocks of images
/// that stay in cache. Vectorised C# over the tensors' memory,
/// float32 on the CPU: libtorch has no sparse-input convolution, and its sparse tensors do not reach its
/// convolution kernels.
/// </summary>
internal static unsafe class SpikeConvolutionKernel
{
    private static readonly int W = Vector<float>.Count;

    /// <summary>Bytes of output-gradient rows (every tile of a group) that the weight gradient reads for a block of
    /// images: a share of a core's L2.</summary>
    private const int GradientBlockBytes = 512 << 10;

    /// <summary>Bytes of output rows a block of images writes before they are reordered into the output: each weight
    /// tile is read once per block, so blocks are large.</summary>
    private const int OutputBlockBytes = 16 << 20;

    /// <summary>float32 CPU tensors, up to 2 GiB each (the kernel addresses them with int offsets).</summary>
    public static bool Supports(Tensor input, Tensor weight) =>
        input.device_type == DeviceType.CPU
        && weight.device_type == DeviceType.CPU
        && input.dtype == ScalarType.Float32
        && weight.dtype == ScalarType.Float32
        && input.numel() <= int.MaxValue / sizeof(float);

    /// <summary>conv2d(input, weight) without bias.</summary>
    public static Tensor Forward(Tensor input, Tensor weight, ConvolutionGeometry g)
    {
        var s = Shape.Of(input, weight.shape, g);
        using var scope = NewDisposeScope();
        var x = input.contiguous();
        // The weight as [group, tile, tap, input channel of the group, tile columns].
        var packed = InTiles(weight.detach().reshape(s.Groups, s.OutPerGroup, s.InPerGroup, s.Taps), 1, s)
            .permute(0, 1, 3, 2, 4)
            .contiguous();
        var output = empty([s.Images, s.OutChannels, s.OutHeight, s.OutWidth], ScalarType.Float32);
        var taps = ConvolutionTaps.For(g, s.Height, s.Width, s.KernelHeight, s.KernelWidth);
        int parts = Parts(s.Images, s.Work);
        int block = Math.Max(
            1,
            Math.Min((s.Images + parts - 1) / parts, OutputBlockBytes / (s.OutPixels * s.OutRow * sizeof(float)))
        );
        var rows = empty([parts, (long)block * s.OutPixels * s.OutRow], ScalarType.Float32);
        nint px = TensorMemory.Address(x),
            pw = TensorMemory.Address(packed),
            py = TensorMemory.Address(output),
            pr = TensorMemory.Address(rows);
        ThreadPartition.Run(s.Images, parts, (part, first, last) =>
            ForwardImages(
                s,
                taps,
                (float*)px,
                (float*)pw,
                (float*)py,
                (float*)pr + (long)part * block * s.OutPixels * s.OutRow,
                block,
                (int)first,
                (int)last
            )
        );
        GC.KeepAlive(x);
        GC.KeepAlive(packed);
        GC.KeepAlive(rows);
        return output.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Images <paramref name="first"/> .. <paramref name="last"/> of the forward, in blocks: each weight tile
    /// runs over every image of a block before the next, and the block's rows then go into the output. Each output
    /// pixel's weight rows (over its taps, the channels that spike there) are first listed in one flat list, so the
    /// sums run one loop per pixel instead of one short loop of unpredictable length per tap.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ForwardImages(
        Shape s,
        ConvolutionTaps taps,
        float* x,
        float* packed,
        float* output,
        float* blockRows,
        int block,
        int first,
        int last
    )
    {
        int capacity = s.Taps * s.InPerGroup + Vector256<int>.Count;
        var rowOffsets = ArrayPool<int>.Shared.Rent(capacity);
        var rowValues = ArrayPool<float>.Shared.Rent(capacity);
        try
        {
            fixed (
                int* start = taps.GatherStart,
                    kernel = taps.GatherKernel,
                    pixel = taps.GatherPixel,
                    offsets = rowOffsets
            )
            fixed (float* values = rowValues)
            {
                for (int n0 = first; n0 < last; n0 += block)
                {
                    int n1 = Math.Min(last, n0 + block);
                    using var spikes = SpikeList.ByPixel(x, s.InChannels, s.Pixels, s.Groups, n0, n1);
                    fixed (
                        int* listStart = spikes.Start,
                            channel = spikes.Index
                    )
                    fixed (float* value = spikes.Value)
                    {
                        for (int group = 0; group < s.Groups; group++)
                        {
                            for (int tile = 0; tile < s.Tiles; tile++)
                            {
                                float* weights =
                                    packed + (long)(group * s.Tiles + tile) * s.Taps * s.InPerGroup * s.Tile;
                                for (int n = n0; n < n1; n++)
                                {
                                    int* lists = listStart + ((n - n0) * s.Groups + group) * s.Pixels;
                                    float* target =
                                        blockRows
                                        + (long)(n - n0) * s.OutPixels * s.OutRow
                                        + group * s.Padded
                                        + tile * s.Tile;
                                    for (int q = 0; q < s.OutPixels; q++)
                                    {
                                        int count = PixelRows(
                                            start[q],
                                            start[q + 1],
                                            kernel,
                                            pixel,
                                            lists,
                                            channel,
                                            value,
                                            s.InPerGroup * s.Tile,
                                            s.Tile,
                                            offsets,
                                            values
                                        );
                                        RowSums.Store(
                                            s.TileVectors,
                                            weights,
                                            offsets,
                                            values,
                                            count,
                                            target + (long)q * s.OutRow
                                        );
                                    }
                                }
                            }
                        }
                    }
                    for (int n = n0; n < n1; n++)
                        ToChannelsFirst(
                            blockRows + (long)(n - n0) * s.OutPixels * s.OutRow,
                            output + (long)n * s.OutChannels * s.OutPixels,
                            s
                        );
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(rowOffsets);
            ArrayPool<float>.Shared.Return(rowValues);
        }
    }

    /// <summary>
    /// The weight rows of one output pixel: for its taps <paramref name="firstTap"/> .. <paramref name="lastTap"/>,
    /// the offsets (tap × <paramref name="tapStride"/> + channel × <paramref name="rowLength"/>) and values of the
    /// channels in the spike list of the tap's input pixel. Copies whole vectors (the lists have a vector's slack,
    /// <see cref="SpikeList.Slack"/>, and so do the targets) and counts only the real entries. Returns the count.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int PixelRows(
        int firstTap,
        int lastTap,
        int* kernel,
        int* pixel,
        int* listStart,
        int* channel,
        float* value,
        int tapStride,
        int rowLength,
        int* offsets,
        float* values
    )
    {
        int count = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var length = Vector256.Create(rowLength);
            for (int t = firstTap; t < lastTap; t++)
            {
                int p = pixel[t];
                var tapBase = Vector256.Create(kernel[t] * tapStride);
                for (int e = listStart[p], end = listStart[p + 1]; e < end; e += Vector256<int>.Count)
                {
                    (Vector256.Load(channel + e) * length + tapBase).Store(offsets + count);
                    Vector256.Load(value + e).Store(values + count);
                    count += Math.Min(Vector256<int>.Count, end - e);
                }
            }
            return count;
        }
        for (int t = firstTap; t < lastTap; t++)
        {
            int p = pixel[t],
                tapBase = kernel[t] * tapStride;
            for (int e = listStart[p], end = listStart[p + 1]; e < end; e++)
            {
                offsets[count] = tapBase + channel[e] * rowLength;
                values[count++] = value[e];
            }
        }
        return count;
    }

    /// <summary>The gradient of conv2d(input, weight) with respect to a weight of <paramref
    /// name="weightShape"/>.</summary>
    public static Tensor WeightGradient(Tensor input, Tensor gradOutput, long[] weightShape, ConvolutionGeometry g)
    {
        var s = Shape.Of(input, weightShape, g);
        using var scope = NewDisposeScope();
        var x = input.contiguous();
        var gradOut = gradOutput.contiguous();
        // The output gradient as [group, tile, image, output pixel, tile columns].
        var gradient = empty([s.Groups, s.Tiles, s.Images, s.OutPixels, s.Tile], ScalarType.Float32);
        // The weight gradient as [group, tile, input channel of the group, tap, tile columns].
        var packed = zeros([s.Groups, s.Tiles, s.InPerGroup, s.Taps, s.Tile], ScalarType.Float32);
        var taps = ConvolutionTaps.For(g, s.Height, s.Width, s.KernelHeight, s.KernelWidth);
        int block = Math.Max(1, GradientBlockBytes / (s.OutPixels * s.Padded * sizeof(float)));
        nint px = TensorMemory.Address(x),
            po = TensorMemory.Address(gradOut),
            pg = TensorMemory.Address(gradient),
            pw = TensorMemory.Address(packed);
        int parts = Parts(s.InChannels, s.Work);
        ThreadPartition.Run(s.Images, parts, (_, first, last) =>
            ToTileRows((float*)po, (float*)pg, s, (int)first, (int)last)
        );
        // Input channels are split among the threads, so each owns its rows of the gradient and none are summed.
        ThreadPartition.Run(s.InChannels, parts, (_, first, last) =>
            WeightGradientChannels(s, taps, (float*)px, (float*)pg, (float*)pw, block, (int)first, (int)last)
        );
        GC.KeepAlive(x);
        GC.KeepAlive(gradOut);
        GC.KeepAlive(gradient);
        // [group, tile, in, tap, column] → [group, tile, column, in, tap] → [out, in, kh, kw].
        return packed
            .permute(0, 1, 4, 2, 3)
            .reshape(s.Groups, s.Tiles * s.Tile, s.InPerGroup, s.Taps)
            .narrow(1, 0, s.OutPerGroup)
            .reshape(weightShape)
            .MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Input channels <paramref name="first"/> .. <paramref name="last"/> of the weight gradient, over blocks of
    /// images whose output-gradient rows (every tile) stay in cache. For each channel, the rows its spikes reach
    /// through each tap are first listed per tap (a spike whose tap falls outside the output is left out without a
    /// branch), the same for every tile; each tile then sums every tap's list in one loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WeightGradientChannels(
        Shape s,
        ConvolutionTaps taps,
        float* x,
        float* gradient,
        float* packed,
        int block,
        int first,
        int last
    )
    {
        using var spikes = SpikeList.ByChannel(x, s.Images, s.InChannels, s.Pixels, first, last);
        int perTap = block * s.Pixels;
        var rowOffsets = ArrayPool<int>.Shared.Rent(s.Taps * perTap);
        var rowValues = ArrayPool<float>.Shared.Rent(s.Taps * perTap);
        var rowCounts = new int[s.Taps];
        try
        {
            fixed (
                int* outputOf = taps.OutputOf,
                    listStart = spikes.Start,
                    pixel = spikes.Index,
                    offsets = rowOffsets,
                    counts = rowCounts
            )
            fixed (
                float* value = spikes.Value,
                    values = rowValues
            )
            {
                for (int n0 = 0; n0 < s.Images; n0 += block)
                {
                    int n1 = Math.Min(s.Images, n0 + block);
                    for (int c = first; c < last; c++)
                    {
                        int group = c / s.InPerGroup;
                        TapRows(
                            s,
                            listStart + (c - first) * s.Images,
                            pixel,
                            value,
                            outputOf,
                            n0,
                            n1,
                            perTap,
                            offsets,
                            values,
                            counts
                        );
                        for (int tile = 0; tile < s.Tiles; tile++)
                        {
                            float* rows = gradient + (long)(group * s.Tiles + tile) * s.Images * s.OutPixels * s.Tile;
                            float* target =
                                packed
                                + ((long)(group * s.Tiles + tile) * s.InPerGroup + c % s.InPerGroup) * s.Taps * s.Tile;
                            for (int k = 0; k < s.Taps; k++)
                                RowSums.Add(
                                    s.TileVectors,
                                    rows,
                                    offsets + k * perTap,
                                    values + k * perTap,
                                    counts[k],
                                    target + k * s.Tile
                                );
                        }
                    }
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(rowOffsets);
            ArrayPool<float>.Shared.Return(rowValues);
        }
    }

    /// <summary>
    /// For one channel's spike lists of images <paramref name="n0"/> .. <paramref name="n1"/>: per tap k, the
    /// offsets ((image × output pixels + q) × tile columns, within a tile) of the output-gradient rows its spikes
    /// reach, with their values, at <c>k * perTap</c>; <paramref name="counts"/>[k] says how many.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TapRows(
        Shape s,
        int* listStart,
        int* pixel,
        float* value,
        int* outputOf,
        int n0,
        int n1,
        int perTap,
        int* offsets,
        float* values,
        int* counts
    )
    {
        for (int k = 0; k < s.Taps; k++)
            counts[k] = 0;
        for (int e = listStart[n0], n = n0; n < n1; n++)
        {
            int imageBase = n * s.OutPixels;
            for (int end = listStart[n + 1]; e < end; e++)
            {
                int* outputs = outputOf + pixel[e] * s.Taps;
                float v = value[e];
                for (int k = 0; k < s.Taps; k++)
                {
                    int q = outputs[k],
                        m = k * perTap + counts[k];
                    offsets[m] = (imageBase + q) * s.Tile;
                    values[m] = v;
                    counts[k] += (int)((uint)~q >> 31);
                }
            }
        }
    }

    /// <summary>
    /// <paramref name="t"/> with its output-channel dim <paramref name="dim"/> (of a group) zero-padded to whole
    /// tiles and split into [tiles, tile columns] there, the columns moved last.
    /// </summary>
    private static Tensor InTiles(Tensor t, int dim, Shape s)
    {
        var padded =
            s.Tiles * s.Tile == s.OutPerGroup
                ? t
                : nn.functional.pad(t.transpose(dim, -1), [0, s.Tiles * s.Tile - s.OutPerGroup]).transpose(dim, -1);
        long[] split = [.. padded.shape[..dim], s.Tiles, s.Tile, .. padded.shape[(dim + 1)..]];
        long[] columnsLast =
        [
            .. Enumerable.Range(0, split.Length).Where(d => d != dim + 1).Select(d => (long)d),
            dim + 1,
        ];
        return padded.reshape(split).permute(columnsLast);
    }

    /// <summary>
    /// One tile of sums over a flat list of rows (offsets from <c>rows</c>, each times its value): <see cref="Store"/>
    /// writes them (the forward), <see cref="Add"/> adds them to the target (the weight gradient). Up to 8 vectors of
    /// sums stay in registers.
    /// </summary>
    private static class RowSums
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(int vectors, float* rows, int* offsets, float* values, int count, float* target)
        {
            switch (vectors)
            {
                case 8:
                    Sum<Eight>(rows, offsets, values, count).Store(target);
                    break;
                case 4:
                    Sum<Four>(rows, offsets, values, count).Store(target);
                    break;
                case 2:
                    Sum<Two>(rows, offsets, values, count).Store(target);
                    break;
                default:
                    Sum<One>(rows, offsets, values, count).Store(target);
                    break;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Add(int vectors, float* rows, int* offsets, float* values, int count, float* target)
        {
            switch (vectors)
            {
                case 8:
                    Sum<Eight>(rows, offsets, values, count).AddTo(target);
                    break;
                case 4:
                    Sum<Four>(rows, offsets, values, count).AddTo(target);
                    break;
                case 2:
                    Sum<Two>(rows, offsets, values, count).AddTo(target);
                    break;
                default:
                    Sum<One>(rows, offsets, values, count).AddTo(target);
                    break;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Accumulator<TWidth> Sum<TWidth>(float* rows, int* offsets, float* values, int count)
            where TWidth : struct, IWidth
        {
            var acc = new Accumulator<TWidth>();
            for (int i = 0; i < count; i++)
                acc.Add(rows + offsets[i], values[i]);
            return acc;
        }
    }

    private interface IWidth
    {
        static abstract int Vectors { get; }
    }

    private struct One : IWidth
    {
        public static int Vectors => 1;
    }

    private struct Two : IWidth
    {
        public static int Vectors => 2;
    }

    private struct Four : IWidth
    {
        public static int Vectors => 4;
    }

    private struct Eight : IWidth
    {
        public static int Vectors => 8;
    }

    /// <summary>Up to 8 vectors of running sums; the JIT drops the ones a width does not use.</summary>
    private struct Accumulator<TWidth>
        where TWidth : struct, IWidth
    {
        private Vector<float> _0,
            _1,
            _2,
            _3,
            _4,
            _5,
            _6,
            _7;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(float* row, float value)
        {
            var v = new Vector<float>(value);
            _0 = Vector.FusedMultiplyAdd(v, Load(row, 0), _0);
            if (TWidth.Vectors < 2)
                return;
            _1 = Vector.FusedMultiplyAdd(v, Load(row, 1), _1);
            if (TWidth.Vectors < 4)
                return;
            _2 = Vector.FusedMultiplyAdd(v, Load(row, 2), _2);
            _3 = Vector.FusedMultiplyAdd(v, Load(row, 3), _3);
            if (TWidth.Vectors < 8)
                return;
            _4 = Vector.FusedMultiplyAdd(v, Load(row, 4), _4);
            _5 = Vector.FusedMultiplyAdd(v, Load(row, 5), _5);
            _6 = Vector.FusedMultiplyAdd(v, Load(row, 6), _6);
            _7 = Vector.FusedMultiplyAdd(v, Load(row, 7), _7);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Store(float* target)
        {
            Put(target, 0, _0);
            if (TWidth.Vectors < 2)
                return;
            Put(target, 1, _1);
            if (TWidth.Vectors < 4)
                return;
            Put(target, 2, _2);
            Put(target, 3, _3);
            if (TWidth.Vectors < 8)
                return;
            Put(target, 4, _4);
            Put(target, 5, _5);
            Put(target, 6, _6);
            Put(target, 7, _7);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void AddTo(float* target)
        {
            Put(target, 0, _0 + Load(target, 0));
            if (TWidth.Vectors < 2)
                return;
            Put(target, 1, _1 + Load(target, 1));
            if (TWidth.Vectors < 4)
                return;
            Put(target, 2, _2 + Load(target, 2));
            Put(target, 3, _3 + Load(target, 3));
            if (TWidth.Vectors < 8)
                return;
            Put(target, 4, _4 + Load(target, 4));
            Put(target, 5, _5 + Load(target, 5));
            Put(target, 6, _6 + Load(target, 6));
            Put(target, 7, _7 + Load(target, 7));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector<float> Load(float* row, int i) => Unsafe.ReadUnaligned<Vector<float>>(row + i * W);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Put(float* row, int i, Vector<float> v) => Unsafe.WriteUnaligned(row + i * W, v);
    }

    /// <summary>
    /// One image's rows [OH*OW, groups, padded columns] into its [C, OH*OW] block of the output: 8x8 blocks
    /// transposed in AVX registers where whole (8 columns, 8 pixels), one value at a time elsewhere.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ToChannelsFirst(float* rows, float* output, Shape s)
    {
        bool blocks = Avx.IsSupported && W == 8;
        for (int group = 0; group < s.Groups; group++)
        {
            for (int c0 = 0; c0 < s.OutPerGroup; c0 += W)
            {
                int n = Math.Min(W, s.OutPerGroup - c0);
                float* source = rows + group * s.Padded + c0;
                float* target = output + (long)(group * s.OutPerGroup + c0) * s.OutPixels;
                int q = 0;
                if (blocks && n == 8)
                    for (; q + 8 <= s.OutPixels; q += 8)
                        Transpose8x8(source + (long)q * s.OutRow, s.OutRow, target + q, s.OutPixels);
                for (; q < s.OutPixels; q++)
                for (int i = 0; i < n; i++)
                    target[(long)i * s.OutPixels + q] = source[(long)q * s.OutRow + i];
            }
        }
    }

    /// <summary>
    /// Images <paramref name="first"/> .. <paramref name="last"/> of an output gradient [N, C, OH*OW] into tile
    /// rows [group, tile, N, OH*OW, tile columns], padding columns zero: the reverse of <see cref="ToChannelsFirst"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ToTileRows(float* gradOutput, float* rows, Shape s, int first, int last)
    {
        bool blocks = Avx.IsSupported && W == 8;
        for (int n = first; n < last; n++)
        {
            for (int group = 0; group < s.Groups; group++)
            {
                for (int tile = 0; tile < s.Tiles; tile++)
                {
                    float* target = rows + (((long)group * s.Tiles + tile) * s.Images + n) * s.OutPixels * s.Tile;
                    for (int c0 = 0; c0 < s.Tile; c0 += W)
                    {
                        int channel = tile * s.Tile + c0,
                            count = Math.Clamp(s.OutPerGroup - channel, 0, W);
                        float* source =
                            gradOutput + ((long)n * s.OutChannels + group * s.OutPerGroup + channel) * s.OutPixels;
                        int q = 0;
                        if (blocks && count == 8)
                            for (; q + 8 <= s.OutPixels; q += 8)
                                Transpose8x8(source + q, s.OutPixels, target + (long)q * s.Tile + c0, s.Tile);
                        for (; q < s.OutPixels; q++)
                        for (int i = 0; i < W; i++)
                            target[(long)q * s.Tile + c0 + i] = i < count ? source[(long)i * s.OutPixels + q] : 0f;
                    }
                }
            }
        }
    }

    /// <summary>Rows r0..r7 (8 floats each, <paramref name="sourceStride"/> apart) into columns c0..c7.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(float* source, int sourceStride, float* target, int targetStride)
    {
        Vector256<float> r0 = Avx.LoadVector256(source),
            r1 = Avx.LoadVector256(source + sourceStride),
            r2 = Avx.LoadVector256(source + 2 * sourceStride),
            r3 = Avx.LoadVector256(source + 3 * sourceStride),
            r4 = Avx.LoadVector256(source + 4 * sourceStride),
            r5 = Avx.LoadVector256(source + 5 * sourceStride),
            r6 = Avx.LoadVector256(source + 6 * sourceStride),
            r7 = Avx.LoadVector256(source + 7 * sourceStride);
        Vector256<float> t0 = Avx.UnpackLow(r0, r1),
            t1 = Avx.UnpackHigh(r0, r1),
            t2 = Avx.UnpackLow(r2, r3),
            t3 = Avx.UnpackHigh(r2, r3),
            t4 = Avx.UnpackLow(r4, r5),
            t5 = Avx.UnpackHigh(r4, r5),
            t6 = Avx.UnpackLow(r6, r7),
            t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44),
            u1 = Avx.Shuffle(t0, t2, 0xEE),
            u2 = Avx.Shuffle(t1, t3, 0x44),
            u3 = Avx.Shuffle(t1, t3, 0xEE),
            u4 = Avx.Shuffle(t4, t6, 0x44),
            u5 = Avx.Shuffle(t4, t6, 0xEE),
            u6 = Avx.Shuffle(t5, t7, 0x44),
            u7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(target, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(target + targetStride, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(target + 2 * targetStride, Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(target + 3 * targetStride, Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(target + 4 * targetStride, Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(target + 5 * targetStride, Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(target + 6 * targetStride, Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(target + 7 * targetStride, Avx.Permute2x128(u3, u7, 0x31));
    }

    /// <summary>Below this many multiply-adds of the dense convolution a call runs on one thread.</summary>
    private const double ParallelWork = 1 << 20;

    private static int Parts(long items, double work) => ThreadPartition.Parts(items, work, ParallelWork);

    /// <summary>
    /// Sizes of one call. Output channels of a group are padded to whole tiles of <see cref="Tile"/> columns: the
    /// widest of 8, 4, 2 or 1 vectors that pads no more than whole vectors would (wider tiles spend less on
    /// indexing per multiply-add, and measured faster even where a weight tile outgrows L2).
    /// </summary>
    private readonly record struct Shape(
        int Images,
        int InChannels,
        int Height,
        int Width,
        int OutChannels,
        int Groups,
        int KernelHeight,
        int KernelWidth,
        int OutHeight,
        int OutWidth,
        int TileVectors
    )
    {
        public int InPerGroup => InChannels / Groups;
        public int OutPerGroup => OutChannels / Groups;
        public int Taps => KernelHeight * KernelWidth;
        public int Pixels => Height * Width;
        public int OutPixels => OutHeight * OutWidth;

        public int Tile => TileVectors * W;
        public int Tiles => (OutPerGroup + Tile - 1) / Tile;
        public int Padded => Tiles * Tile;
        public int OutRow => Groups * Padded;

        /// <summary>Multiply-adds of the dense convolution, to decide whether threads pay.</summary>
        public double Work => (double)Images * OutChannels * OutPixels * InPerGroup * Taps;

        public static Shape Of(Tensor input, long[] weight, ConvolutionGeometry g)
        {
            if (
                input.dim() != 4
                || weight.Length != 4
                || input.shape[1] != weight[1] * g.Groups
                || weight[0] % g.Groups != 0
            )
                throw new ArgumentException(
                    $"a convolution of [{string.Join(", ", input.shape)}] with a weight of "
                        + $"[{string.Join(", ", weight)}] in {g.Groups} groups"
                );
            var (oh, ow) = g.OutputSize(input.shape[2], input.shape[3], weight[2], weight[3]);
            long vectors = (weight[0] / g.Groups + W - 1) / W;
            int tile = new[] { 8, 4, 2 }.FirstOrDefault(v => vectors % v == 0, 1);
            return new Shape(
                (int)input.shape[0],
                (int)input.shape[1],
                (int)input.shape[2],
                (int)input.shape[3],
                (int)weight[0],
                (int)g.Groups,
                (int)weight[2],
                (int)weight[3],
                (int)oh,
                (int)ow,
                tile
            );
        }
    }
}
