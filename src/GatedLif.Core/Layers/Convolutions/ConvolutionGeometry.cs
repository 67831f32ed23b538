using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GatedLif.Layers.Convolutions;

/// <summary>Stride, zero padding, dilation and groups of a 2-D convolution, as <c>conv2d</c> takes them.</summary>
public sealed record ConvolutionGeometry(long[] Stride, long[] Padding, long[] Dilation, long Groups)
{
    public static ConvolutionGeometry Of(Conv2d conv) =>
        new(conv.stride, conv.padding ?? throw new ArgumentException("convolutions with padding modes other than explicit zeros are not supported"),
            conv.dilation, conv.groups);

    /// <summary>Output height and width for an input of <paramref name="height"/> x <paramref name="width"/>.</summary>
    public (long Height, long Width) OutputSize(long height, long width, long kernelHeight, long kernelWidth) =>
        (Extent(height, kernelHeight, 0), Extent(width, kernelWidth, 1));

    private long Extent(long size, long kernel, int dim) =>
        (size + 2 * Padding[dim] - Dilation[dim] * (kernel - 1) - 1) / Stride[dim] + 1;

    /// <summary>libtorch's own convolution.</summary>
    public Tensor LibTorch(Tensor input, Tensor weight, Tensor? bias) =>
        nn.functional.conv2d(input, weight, bias, Stride, Padding, Dilation, Groups);
}
