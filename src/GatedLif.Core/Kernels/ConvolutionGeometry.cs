using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GatedLif.Kernels;

/// <summary>Stride, zero padding, dilation and groups of a 2-D convolution, as <c>conv2d</c> takes them.</summary>
internal sealed record ConvolutionGeometry(long[] Stride, long[] Padding, long[] Dilation, long Groups)
{
    public static ConvolutionGeometry Of(Conv2d conv) =>
        new(
            conv.stride,
            conv.padding
                ?? throw new ArgumentException(
                    "convolutions with padding modes other than explicit zeros are not supported"
                ),
            conv.dilation,
            conv.groups
        );

    /// <summary>Output height and width for an input of <paramref name="height"/> x <paramref name="width"/>.</summary>
    public (long Height, long Width) OutputSize(long height, long width, long kernelHeight, long kernelWidth) =>
        (Extent(height, kernelHeight, 0), Extent(width, kernelWidth, 1));

    private long Extent(long size, long kernel, int dim) =>
        (size + 2 * Padding[dim] - Dilation[dim] * (kernel - 1) - 1) / Stride[dim] + 1;

    /// <summary>libtorch's own convolution.</summary>
    public Tensor LibTorch(Tensor input, Tensor weight, Tensor? bias) =>
        nn.functional.conv2d(input, weight, bias, Stride, Padding, Dilation, Groups);

    /// <summary>
    /// libtorch's gradient of the convolution's input of <paramref name="inputShape"/>: the transposed convolution of
    /// the output gradient, with the output padding that restores the rows and columns a stride left unread.
    /// </summary>
    public Tensor LibTorchInputGradient(Tensor gradOutput, Tensor weight, long[] inputShape)
    {
        long[] outputPadding =
        [
            LeftOver(inputShape[2], gradOutput.shape[2], weight.shape[2], 0),
            LeftOver(inputShape[3], gradOutput.shape[3], weight.shape[3], 1),
        ];
        return nn.functional.conv_transpose2d(
            gradOutput,
            weight,
            null,
            Stride,
            Padding,
            outputPadding,
            Dilation,
            Groups
        );
    }

    private long LeftOver(long size, long outSize, long kernel, int dim) =>
        size - ((outSize - 1) * Stride[dim] - 2 * Padding[dim] + Dilation[dim] * (kernel - 1) + 1);
}
