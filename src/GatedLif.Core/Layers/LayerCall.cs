using GatedLif.Layers.Convolutions;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GatedLif.Layers;

/// <summary>
/// How the networks run a convolution or linear layer: convolutions through <see cref="Conv2dCall"/> (libtorch's
/// kernels where they are right on this processor), and both in the dtype of the current <see cref="Autocast"/>
/// region from cast copies of their input and float32 master weights, handing back the input's dtype. Other layers
/// run as they are. Every call is reported to the attached <see cref="ILayerObserver"/>, if any.
/// </summary>
public static class LayerCall
{
    /// <param name="steps">Time steps of each sample in the input's leading dim (a time-distributed container's
    /// [T*B, ...]); only an observer reads it.</param>
    public static Tensor Run(nn.Module<Tensor, Tensor> layer, Tensor input, long steps = 1)
    {
        var output = Compute(layer, input);
        LayerObservation.Current?.Observe(layer, input, output, steps);
        return output;
    }

    private static Tensor Compute(nn.Module<Tensor, Tensor> layer, Tensor input)
    {
        var low = Autocast.LowPrecision;
        switch (layer)
        {
            case Conv2d conv:
                return Conv2dCall.Run(conv, input, low);
            case Linear linear when low is { } dtype:
            {
                using var scope = NewDisposeScope();
                var output = nn.functional.linear(input.to_type(dtype), linear.weight.to_type(dtype), linear.bias?.to_type(dtype));
                return output.to_type(input.dtype).MoveToOuterDisposeScope();
            }
            default:
                return layer.call(input);
        }
    }
}
