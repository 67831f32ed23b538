using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GatedLif.Layers.Convolutions;

/// <summary>
/// How the models compute a 2-D convolution: libtorch's <c>conv2d</c> on CUDA and wherever
/// <see cref="OneDnnChannelRule"/> trusts its CPU kernels, else <see cref="UnfoldConvolution"/>; in the autocast
/// dtype when one is given, handing back the input's dtype.
/// </summary>
public static class Conv2dCall
{
    public static Tensor Run(Conv2d conv, Tensor input, ScalarType? lowPrecision = null) =>
        Run(conv.weight!, conv.bias, ConvolutionGeometry.Of(conv), input, lowPrecision);

    public static Tensor Run(Tensor weight, Tensor? bias, ConvolutionGeometry g, Tensor input, ScalarType? lowPrecision = null)
    {
        using var scope = NewDisposeScope();
        var x = lowPrecision is { } low ? input.to_type(low) : input;
        var w = lowPrecision is { } lw ? weight.to_type(lw) : weight;
        var b = lowPrecision is { } lb ? bias?.to_type(lb) : bias;
        var output = UsesLibTorch(x, w, g) ? g.LibTorch(x, w, b) : UnfoldConvolution.Forward(x, w, b, g);
        if (output.dtype != input.dtype)
            output = output.to_type(input.dtype);
        return output.MoveToOuterDisposeScope();
    }

    public static bool UsesLibTorch(Tensor input, Tensor weight, ConvolutionGeometry g) =>
        input.device_type != DeviceType.CPU
        || OneDnnChannelRule.Trusts(input.shape[1], weight.shape[0], g.Groups, is_grad_enabled() && input.requires_grad);
}
