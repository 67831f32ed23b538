using GatedLif.Kernels;

namespace GatedLif.Statistics;

/// <summary>
/// How many synaptic operations one input value of a 2-D convolution drives: the output positions whose receptive
/// field covers it (stride, zero padding and dilation taken into account, so a value near a border, or one a stride
/// skips, drives fewer) times the output channels of its group.
/// </summary>
internal static class ConvolutionFanOut
{
    /// <summary>Along one dim: for each input index, the (output index, kernel tap) pairs that read it.</summary>
    public static long[] AlongDim(long size, long outputSize, long kernel, long stride, long padding, long dilation)
    {
        var fan = new long[size];
        for (long o = 0; o < outputSize; o++)
        {
            for (long k = 0; k < kernel; k++)
            {
                long i = o * stride - padding + k * dilation;
                if (i >= 0 && i < size)
                    fan[i]++;
            }
        }
        return fan;
    }

    /// <summary>
    /// The operations one input value drives at each position (row-major [height, width]), for every channel (each
    /// input channel feeds the <paramref name="outputsPerGroup"/> output channels of its group).
    /// </summary>
    public static double[] Map(
        ConvolutionGeometry g,
        long kernelHeight,
        long kernelWidth,
        long height,
        long width,
        long outputsPerGroup
    )
    {
        var (outHeight, outWidth) = g.OutputSize(height, width, kernelHeight, kernelWidth);
        var rows = AlongDim(height, outHeight, kernelHeight, g.Stride[0], g.Padding[0], g.Dilation[0]);
        var columns = AlongDim(width, outWidth, kernelWidth, g.Stride[1], g.Padding[1], g.Dilation[1]);
        var map = new double[height * width];
        for (long i = 0; i < height; i++)
        for (long j = 0; j < width; j++)
            map[i * width + j] = (double)rows[i] * columns[j] * outputsPerGroup;
        return map;
    }
}
