using GatedLif.Kernels;
using GatedLif.Layers.Convolutions;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GatedLif.Layers;

/// <summary>
/// How the networks run a convolution or linear layer: convolutions through <see cref="Conv2dCall"/> (libtorch's
/// kernels where they are right on this processor), and both in the dtype of the current <see cref="Autocast"/>
/// region from cast copies of their input and float32 master weights, handing on that dtype as torch.autocast
/// does (<see cref="AutocastPolicy"/>). A layer
/// that reads spikes has a <see cref="ConvolutionRoute"/>; a linear one then runs as a 1x1 convolution of
/// [N, in, 1, 1], so the spike kernel serves it too. Other layers run as they are. Every call is reported to the
/// attached <see cref="ILayerObserver"/>, if any.
/// </summary>
public static class LayerCall
{
    private static readonly ConvolutionGeometry Pointwise = new([1, 1], [0, 0], [1, 1], 1);

    /// <param name="steps">Time steps of each sample in the input's leading dim (a time-distributed container's
    /// [T*B, ...]); only an observer reads it.</param>
    public static Tensor Run(
        nn.Module<Tensor, Tensor> layer,
        Tensor input,
        ConvolutionRoute? route = null,
        long steps = 1
    )
    {
        var output = Compute(layer, input, route);
        LayerObservation.Current?.Observe(layer, input, output, steps);
        return output;
    }

    private static Tensor Compute(nn.Module<Tensor, Tensor> layer, Tensor input, ConvolutionRoute? route)
    {
        var low = Autocast.LowPrecision;
        switch (layer)
        {
            case Conv2d conv:
                return Conv2dCall.Run(conv, input, low, route);
            case Linear linear when route is not null && SpikeLinear(linear, input, low, route) is { } output:
                return output;
            case Linear linear when low is { } dtype:
            {
                using var scope = NewDisposeScope();
                var output = nn.functional.linear(
                    input.to_type(dtype),
                    linear.weight.to_type(dtype),
                    linear.bias?.to_type(dtype)
                );
                return output.MoveToOuterDisposeScope();
            }
            default:
                return layer.call(input);
        }
    }

    /// <summary>A linear layer on spikes as a 1x1 convolution, or null where its route plans the dense layer.</summary>
    private static Tensor? SpikeLinear(Linear linear, Tensor input, ScalarType? low, ConvolutionRoute route)
    {
        using var scope = NewDisposeScope();
        var weight = linear.weight!;
        var pointwiseWeight = weight.view(weight.shape[0], weight.shape[1], 1, 1);
        var pointwise = input.reshape(-1, weight.shape[1], 1, 1);
        var plan = Conv2dCall.Plan(route, pointwise, pointwiseWeight, Pointwise, low);
        if (plan == ConvolutionPlan.Dense)
            return null;
        var output = Conv2dCall.Spike(pointwiseWeight, linear.bias, Pointwise, pointwise, plan);
        return output.view([.. input.shape[..^1], weight.shape[0]]).MoveToOuterDisposeScope();
    }
}
