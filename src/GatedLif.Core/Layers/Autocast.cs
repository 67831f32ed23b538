using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Layers;

/// <summary>
/// Mixed-precision regions, as torch.autocast: inside <see cref="Enable"/>, each operation of the networks computes
/// in the dtype <see cref="AutocastPolicy"/> gives it, torch.cuda.amp's: convolutions and linear layers run through
/// <see cref="LayerCall"/> in the low-precision dtype from cast copies of their input and float32 master weights
/// and hand on low-precision activations; tdBN, the gated neurons and the losses widen them back to float32.
/// Autograd casts the weight gradients back to float32. TorchSharp 0.107 has no autocast of its own; the state is
/// per thread, like PyTorch's.
/// </summary>
public static class Autocast
{
    [ThreadStatic]
    private static ScalarType? _lowPrecision;

    /// <summary>The dtype of the current region, or null outside one.</summary>
    public static ScalarType? LowPrecision => _lowPrecision;

    public static IDisposable Enable(ScalarType lowPrecision)
    {
        var outer = _lowPrecision;
        _lowPrecision = lowPrecision;
        return new Region(outer);
    }

    private sealed class Region(ScalarType? outer) : IDisposable
    {
        public void Dispose() => _lowPrecision = outer;
    }
}
