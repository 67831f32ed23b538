using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GatedLif.Layers;

/// <summary>
/// Mixed-precision regions, as torch.autocast: inside <see cref="Enable"/>, convolutions and linear layers run
/// through <see cref="Call"/> compute in the low-precision dtype from cast copies of their input and float32
/// master weights, and hand back float32, so neurons and BatchNorm keep computing (and keeping statistics) in
/// float32. Autograd casts the weight gradients back to float32. Other layers run unchanged.
/// TorchSharp 0.107 has no autocast of its own; the state is per thread, like PyTorch's.
/// </summary>
public static class Autocast
{
    [ThreadStatic] private static ScalarType? _lowPrecision;

    /// <summary>The dtype of the current region, or null outside one.</summary>
    public static ScalarType? LowPrecision => _lowPrecision;

    public static IDisposable Enable(ScalarType lowPrecision)
    {
        var outer = _lowPrecision;
        _lowPrecision = lowPrecision;
        return new Region(outer);
    }

    /// <summary>Runs <paramref name="layer"/> on <paramref name="input"/>, in low precision where it applies.</summary>
    public static Tensor Call(nn.Module<Tensor, Tensor> layer, Tensor input)
    {
        if (_lowPrecision is not { } dtype)
            return layer.call(input);
        using var scope = NewDisposeScope();
        Tensor? low = layer switch
        {
            Conv2d conv when conv.padding_mode == PaddingModes.Zeros && conv.padding is not null =>
                nn.functional.conv2d(input.to_type(dtype), conv.weight.to_type(dtype), conv.bias?.to_type(dtype),
                    conv.stride, conv.padding, conv.dilation, conv.groups),
            Linear linear => nn.functional.linear(input.to_type(dtype), linear.weight.to_type(dtype), linear.bias?.to_type(dtype)),
            _ => null,
        };
        var output = low is null ? layer.call(input) : low.to_type(input.dtype);
        return output.MoveToOuterDisposeScope();
    }

    private sealed class Region(ScalarType? outer) : IDisposable
    {
        public void Dispose() => _lowPrecision = outer;
    }
}
