using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GatedLif.Kernels;

/// <summary>
/// The non-zero elements of a contiguous float32 input [N, C, H, W] as lists of (index, value), in one of two
/// orders: by pixel (one list per image, group and pixel, holding channels within the group, ascending) for the
/// forward pass, or by channel (one list per channel and image, holding pixels, ascending) for the weight
/// gradient. List i holds the entries <c>Start[i] .. Start[i + 1]</c>. Arrays come from the shared pool and go
/// back on <see cref="Dispose"/>.
/// </summary>
internal sealed unsafe class SpikeList : IDisposable
{
    private SpikeList(int[] start, int[] index, float[] value)
    {
        Start = start;
        Index = index;
        Value = value;
    }

    /// <summary>Entries that <see cref="ByPixel"/>'s <see cref="Index"/> and <see cref="Value"/> hold past the
    /// last list, so that a whole vector can be read from any list's start.</summary>
    public static readonly int Slack = Vector256<int>.Count;

    public int[] Start { get; }
    public int[] Index { get; }
    public float[] Value { get; }

    /// <summary>
    /// Lists of images <paramref name="first"/> .. <paramref name="last"/> (exclusive) by pixel: list
    /// <c>((n - first) * groups + group) * H * W + p</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static SpikeList ByPixel(float* input, int channels, int pixels, int groups, int first, int last)
    {
        int perGroup = channels / groups;
        int lists = (last - first) * groups * pixels;
        var start = ArrayPool<int>.Shared.Rent(lists + 1);
        Array.Clear(start, 0, lists + 1);
        // The scan goes channel by channel; entries are then placed by list (a counting sort, stable, so the
        // channels of each list stay ascending).
        var found = new Entries(pixels);
        for (int n = first; n < last; n++)
        {
            for (int c = 0; c < channels; c++)
            {
                var listBase = ((n - first) * groups + c / perGroup) * pixels;
                int before = found.Count;
                found.Scan(input + ((long)n * channels + c) * pixels, pixels, c % perGroup);
                for (int e = before; e < found.Count; e++)
                {
                    found.Pixels[e] += listBase;
                    start[found.Pixels[e] + 1]++;
                }
            }
        }
        for (int i = 0; i < lists; i++)
            start[i + 1] += start[i];
        var index = ArrayPool<int>.Shared.Rent(found.Count + Slack);
        var value = ArrayPool<float>.Shared.Rent(found.Count + Slack);
        var next = ArrayPool<int>.Shared.Rent(lists);
        Array.Copy(start, next, lists);
        for (int e = 0; e < found.Count; e++)
        {
            int slot = next[found.Pixels[e]]++;
            index[slot] = found.Tags[e];
            value[slot] = found.Values[e];
        }
        ArrayPool<int>.Shared.Return(next);
        found.Dispose();
        return new SpikeList(start, index, value);
    }

    /// <summary>Lists of channels <paramref name="first"/> .. <paramref name="last"/> (exclusive) by channel: list
    /// <c>(c - first) * N + n</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static SpikeList ByChannel(float* input, int images, int channels, int pixels, int first, int last)
    {
        int lists = (last - first) * images;
        var start = ArrayPool<int>.Shared.Rent(lists + 1);
        start[0] = 0;
        var found = new Entries(pixels);
        for (int c = first; c < last; c++)
        {
            for (int n = 0; n < images; n++)
            {
                found.Scan(input + ((long)n * channels + c) * pixels, pixels, 0);
                start[(c - first) * images + n + 1] = found.Count;
            }
        }
        ArrayPool<int>.Shared.Return(found.Tags);
        return new SpikeList(start, found.Pixels, found.Values);
    }

    public void Dispose()
    {
        ArrayPool<int>.Shared.Return(Start);
        ArrayPool<int>.Shared.Return(Index);
        ArrayPool<float>.Shared.Return(Value);
    }

    /// <summary>Growing pooled arrays of (pixel, tag, value) as a scan finds them.</summary>
    private struct Entries(int initial)
    {
        public int[] Pixels = ArrayPool<int>.Shared.Rent(initial);
        public int[] Tags = ArrayPool<int>.Shared.Rent(initial);
        public float[] Values = ArrayPool<float>.Shared.Rent(initial);
        public int Count = 0;

        /// <summary>Appends the non-zeros of a plane in memory order, a vector compare per 8 pixels.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Scan(float* plane, int length, int tag)
        {
            if (Pixels.Length - Count < length)
                Grow(Count + length);
            int count = Count,
                i = 0;
            fixed (
                int* pixels = Pixels,
                    tags = Tags
            )
            fixed (float* values = Values)
            {
                if (Vector256.IsHardwareAccelerated)
                {
                    for (; i + 8 <= length; i += 8)
                    {
                        uint nonZero =
                            ~Vector256
                                .Equals(Vector256.Load(plane + i), Vector256<float>.Zero)
                                .ExtractMostSignificantBits() & 0xFF;
                        while (nonZero != 0)
                        {
                            int p = i + BitOperations.TrailingZeroCount(nonZero);
                            pixels[count] = p;
                            tags[count] = tag;
                            values[count++] = plane[p];
                            nonZero &= nonZero - 1;
                        }
                    }
                }
                for (; i < length; i++)
                {
                    if (plane[i] == 0f)
                        continue;
                    pixels[count] = i;
                    tags[count] = tag;
                    values[count++] = plane[i];
                }
            }
            Count = count;
        }

        private void Grow(int needed)
        {
            int size = Math.Max(needed, 2 * Pixels.Length);
            Pixels = Regrown(Pixels, size, Count);
            Tags = Regrown(Tags, size, Count);
            Values = Regrown(Values, size, Count);
        }

        private static T[] Regrown<T>(T[] old, int size, int count)
        {
            var grown = ArrayPool<T>.Shared.Rent(size);
            Array.Copy(old, grown, count);
            ArrayPool<T>.Shared.Return(old);
            return grown;
        }

        public void Dispose()
        {
            ArrayPool<int>.Shared.Return(Pixels);
            ArrayPool<int>.Shared.Return(Tags);
            ArrayPool<float>.Shared.Return(Values);
        }
    }
}
