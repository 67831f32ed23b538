using GatedLif.Kernels;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Layers.Convolutions;

/// <summary>
/// A 2-D convolution as im2col and one matrix product: <c>unfold</c> gathers every receptive field into a column,
/// the weight [out, in/groups * kh * kw] multiplies them, and autograd differentiates through both (the input
/// gradient is <c>fold</c>, col2im). It never enters oneDNN, so it is the path for the convolutions that
/// <see cref="OneDnnChannelRule"/> does not trust to libtorch's CPU kernels. It holds the columns
/// (in/groups * kh * kw * out-height * out-width per image) in memory.
/// </summary>
internal static class UnfoldConvolution
{
    public static Tensor Forward(Tensor input, Tensor weight, Tensor? bias, ConvolutionGeometry g)
    {
        using var scope = NewDisposeScope();
        long n = input.shape[0],
            outChannels = weight.shape[0],
            kh = weight.shape[2],
            kw = weight.shape[3];
        var (oh, ow) = g.OutputSize(input.shape[2], input.shape[3], kh, kw);
        var columns = nn.functional.unfold(
            input,
            (kh, kw),
            (g.Dilation[0], g.Dilation[1]),
            (g.Padding[0], g.Padding[1]),
            (g.Stride[0], g.Stride[1])
        );
        // Columns are ordered (channel, kernel row, kernel column), the weight's own order, and channels of a
        // group are contiguous, so each group is one slice of rows.
        long rows = columns.shape[1] / g.Groups;
        var product = weight
            .reshape(1, g.Groups, outChannels / g.Groups, rows)
            .matmul(columns.view(n, g.Groups, rows, -1));
        var output = product.view(n, outChannels, oh, ow);
        if (bias is not null)
            output = output + bias.view(1, -1, 1, 1);
        return output.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The gradient of the input of <paramref name="inputShape"/> from the output gradient, as autograd computes it
    /// through <see cref="Forward"/>: the weight's transpose times the output gradient gives the columns' gradient,
    /// and <c>fold</c> (col2im) sums it back onto the input pixels.
    /// </summary>
    public static Tensor InputGradient(Tensor gradOutput, Tensor weight, ConvolutionGeometry g, long[] inputShape)
    {
        using var scope = NewDisposeScope();
        long n = gradOutput.shape[0],
            outChannels = weight.shape[0],
            kh = weight.shape[2],
            kw = weight.shape[3];
        long rows = weight.shape[1] * kh * kw;
        var columns = weight
            .reshape(1, g.Groups, outChannels / g.Groups, rows)
            .transpose(2, 3)
            .matmul(gradOutput.reshape(n, g.Groups, outChannels / g.Groups, -1));
        return nn
            .functional.fold(
                columns.view(n, g.Groups * rows, -1),
                (inputShape[2], inputShape[3]),
                (kh, kw),
                (g.Dilation[0], g.Dilation[1]),
                (g.Padding[0], g.Padding[1]),
                (g.Stride[0], g.Stride[1])
            )
            .MoveToOuterDisposeScope();
    }
}
