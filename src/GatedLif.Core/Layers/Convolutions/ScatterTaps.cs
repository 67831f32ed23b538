namespace GatedLif.Layers.Convolutions;

/// <summary>
/// Where one input pixel of a convolution lands: for input pixel p, the entries <c>Start[p] .. Start[p + 1]</c>
/// pair a kernel tap k = ky * KW + kx with the output pixel q = oy * OW + ox it feeds, so that
/// <c>oy * stride + ky * dilation - padding = iy</c> (and likewise for x), as element offsets: k times the
/// length of a weight row and q times the length of an output row. A spike's work is the list of its pixel.
/// </summary>
public sealed class ScatterTaps
{
    private ScatterTaps(int[] start, int[] weightOffset, int[] outputOffset)
    {
        Start = start;
        WeightOffset = weightOffset;
        OutputOffset = outputOffset;
    }

    public int[] Start { get; }
    public int[] WeightOffset { get; }
    public int[] OutputOffset { get; }

    public static ScatterTaps For(ConvolutionGeometry g, long height, long width, long kernelHeight, long kernelWidth,
        int weightRow, int outputRow)
    {
        var (outHeight, outWidth) = g.OutputSize(height, width, kernelHeight, kernelWidth);
        var rows = Reach(height, kernelHeight, outHeight, g, 0);
        var columns = Reach(width, kernelWidth, outWidth, g, 1);
        var start = new int[height * width + 1];
        var weightOffset = new List<int>();
        var outputOffset = new List<int>();
        for (int iy = 0; iy < height; iy++)
        {
            for (int ix = 0; ix < width; ix++)
            {
                foreach (var (ky, oy) in rows[iy])
                {
                    foreach (var (kx, ox) in columns[ix])
                    {
                        weightOffset.Add(checked((int)((ky * kernelWidth + kx) * weightRow)));
                        outputOffset.Add(checked((int)((oy * outWidth + ox) * outputRow)));
                    }
                }
                start[iy * width + ix + 1] = weightOffset.Count;
            }
        }
        return new ScatterTaps(start, [.. weightOffset], [.. outputOffset]);
    }

    /// <summary>For each input coordinate along one dim, the (kernel index, output coordinate) pairs it meets.</summary>
    private static List<(long Kernel, long Output)>[] Reach(long size, long kernel, long outSize, ConvolutionGeometry g, int dim)
    {
        var reach = new List<(long, long)>[size];
        for (long i = 0; i < size; i++)
        {
            reach[i] = [];
            for (long k = 0; k < kernel; k++)
            {
                long shifted = i + g.Padding[dim] - k * g.Dilation[dim];
                if (shifted < 0 || shifted % g.Stride[dim] != 0) continue;
                long o = shifted / g.Stride[dim];
                if (o < outSize) reach[i].Add((k, o));
            }
        }
        return reach;
    }
}
