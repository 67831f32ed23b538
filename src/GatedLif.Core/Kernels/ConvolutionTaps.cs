namespace GatedLif.Kernels;

/// <summary>
/// Which input pixel each kernel tap of each output pixel reads, both ways round: output pixel q
/// (= oy * OW + ox) reads input pixel p at kernel tap k (= ky * KW + kx) when
/// <c>oy * stride + ky * dilation - padding = iy</c> (and likewise for x). Taps that fall in the zero padding are
/// left out.
/// </summary>
internal sealed class ConvolutionTaps
{
    private ConvolutionTaps(int[] start, int[] kernel, int[] pixel, int[] outputOf)
    {
        GatherStart = start;
        GatherKernel = kernel;
        GatherPixel = pixel;
        OutputOf = outputOf;
    }

    /// <summary>For output pixel q, its taps are the entries <c>GatherStart[q] .. GatherStart[q + 1]</c>.</summary>
    public int[] GatherStart { get; }

    /// <summary>A tap's kernel position k.</summary>
    public int[] GatherKernel { get; }

    /// <summary>A tap's input pixel p.</summary>
    public int[] GatherPixel { get; }

    /// <summary>At <c>p * KH * KW + k</c>: the output pixel that input pixel p feeds through tap k, or -1.</summary>
    public int[] OutputOf { get; }

    public static ConvolutionTaps For(
        ConvolutionGeometry g,
        long height,
        long width,
        long kernelHeight,
        long kernelWidth
    )
    {
        var (outHeight, outWidth) = g.OutputSize(height, width, kernelHeight, kernelWidth);
        long taps = kernelHeight * kernelWidth;
        var start = new int[outHeight * outWidth + 1];
        var kernel = new List<int>();
        var pixel = new List<int>();
        var outputOf = new int[height * width * taps];
        Array.Fill(outputOf, -1);
        for (long oy = 0; oy < outHeight; oy++)
        {
            for (long ox = 0; ox < outWidth; ox++)
            {
                for (long ky = 0; ky < kernelHeight; ky++)
                {
                    long iy = oy * g.Stride[0] + ky * g.Dilation[0] - g.Padding[0];
                    if (iy < 0 || iy >= height)
                        continue;
                    for (long kx = 0; kx < kernelWidth; kx++)
                    {
                        long ix = ox * g.Stride[1] + kx * g.Dilation[1] - g.Padding[1];
                        if (ix < 0 || ix >= width)
                            continue;
                        long k = ky * kernelWidth + kx,
                            p = iy * width + ix,
                            q = oy * outWidth + ox;
                        kernel.Add((int)k);
                        pixel.Add((int)p);
                        outputOf[p * taps + k] = (int)q;
                    }
                }
                start[oy * outWidth + ox + 1] = kernel.Count;
            }
        }
        return new ConvolutionTaps(start, [.. kernel], [.. pixel], outputOf);
    }
}
