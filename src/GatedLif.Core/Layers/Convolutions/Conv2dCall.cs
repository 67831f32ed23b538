using GatedLif.Kernels;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GatedLif.Layers.Convolutions;

/// <summary>
/// How the models compute a 2-D convolution. Dense: libtorch's <c>conv2d</c> on CUDA and wherever
/// <see cref="OneDnnChannelRule"/> trusts its CPU kernels, else <see cref="UnfoldConvolution"/>; in the autocast
/// dtype when one is given, handing on that dtype as torch.autocast does (<see cref="AutocastPolicy"/>). A convolution
/// that reads spikes (it has a
/// <see cref="ConvolutionRoute"/>) may instead run <see cref="SpikeConvolution"/>, float32 on the CPU, as its
/// route's plan says.
/// </summary>
internal static class Conv2dCall
{
    public static Tensor Run(
        Conv2d conv,
        Tensor input,
        ScalarType? lowPrecision = null,
        ConvolutionRoute? route = null
    ) => Run(conv.weight!, conv.bias, ConvolutionGeometry.Of(conv), input, lowPrecision, route);

    public static Tensor Run(
        Tensor weight,
        Tensor? bias,
        ConvolutionGeometry g,
        Tensor input,
        ScalarType? lowPrecision = null,
        ConvolutionRoute? route = null
    )
    {
        var plan = Plan(route, input, weight, g, lowPrecision);
        return plan == ConvolutionPlan.Dense
            ? Dense(weight, bias, g, input, lowPrecision)
            : Spike(weight, bias, g, input, plan);
    }

    /// <summary>How a call runs: dense without a route, under autocast and off float32 CPU tensors, else as the route
    /// plans.</summary>
    public static ConvolutionPlan Plan(
        ConvolutionRoute? route,
        Tensor input,
        Tensor weight,
        ConvolutionGeometry g,
        ScalarType? lowPrecision
    )
    {
        if (route is null)
            return ConvolutionPlan.Dense;
        route.Observe(input);
        if (lowPrecision is not null || !SpikeConvolutionKernel.Supports(input, weight))
            return ConvolutionPlan.Dense;
        route.Probe?.Measure(input, weight, g);
        return route.PlanFor(input, weight);
    }

    /// <summary><see cref="SpikeConvolution"/> under a spike plan, then the bias.</summary>
    public static Tensor Spike(Tensor weight, Tensor? bias, ConvolutionGeometry g, Tensor input, ConvolutionPlan plan)
    {
        var output = SpikeConvolution.Run(input, weight, g, plan);
        if (bias is null)
            return output;
        using (output)
            return output + bias.view(1, -1, 1, 1);
    }

    /// <summary>The dense convolution: libtorch where its kernels are right, else unfold.</summary>
    public static Tensor Dense(
        Tensor weight,
        Tensor? bias,
        ConvolutionGeometry g,
        Tensor input,
        ScalarType? lowPrecision = null
    )
    {
        using var scope = NewDisposeScope();
        var x = lowPrecision is { } low ? input.to_type(low) : input;
        var w = lowPrecision is { } lw ? weight.to_type(lw) : weight;
        var b = lowPrecision is { } lb ? bias?.to_type(lb) : bias;
        var output = UsesLibTorch(x, w, g) ? g.LibTorch(x, w, b) : UnfoldConvolution.Forward(x, w, b, g);
        return output.MoveToOuterDisposeScope();
    }

    /// <summary>The dense gradient of a convolution's input of <paramref name="inputShape"/>, by the same rule as the
    /// convolution itself: libtorch's transposed convolution where oneDNN is trusted with an input gradient, else
    /// the unfold path's col2im.</summary>
    public static Tensor InputGradient(Tensor gradOutput, Tensor weight, ConvolutionGeometry g, long[] inputShape) =>
        gradOutput.device_type != DeviceType.CPU
        || OneDnnChannelRule.Trusts(inputShape[1], weight.shape[0], g.Groups, inputGradient: true)
            ? g.LibTorchInputGradient(gradOutput, weight, inputShape)
            : UnfoldConvolution.InputGradient(gradOutput, weight, g, inputShape);

    public static bool UsesLibTorch(Tensor input, Tensor weight, ConvolutionGeometry g) =>
        input.device_type != DeviceType.CPU
        || OneDnnChannelRule.Trusts(
            input.shape[1],
            weight.shape[0],
            g.Groups,
            is_grad_enabled() && input.requires_grad
        );
}
