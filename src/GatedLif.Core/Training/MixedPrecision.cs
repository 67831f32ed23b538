using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Training;

/// <summary>
/// Mixed precision as train.py (<c>--amp</c>) runs it with torch.cuda.amp: on CUDA, the forward pass and the loss
/// inside a float16 autocast region and a <see cref="GradScaler"/> with PyTorch's defaults; on the CPU, torch.cuda.amp
/// disables both (with a warning), so the step stays float32 and the scaler passes through.
/// </summary>
public sealed class MixedPrecision
{
    private MixedPrecision(ScalarType? lowPrecision, GradScaler scaler, string? warning)
    {
        LowPrecision = lowPrecision;
        Scaler = scaler;
        Warning = warning;
    }

    /// <summary>The autocast dtype, or null when the step runs in float32.</summary>
    public ScalarType? LowPrecision { get; }
    public GradScaler Scaler { get; }

    /// <summary>Why mixed precision was asked for and is off here, for the log; null otherwise.</summary>
    public string? Warning { get; }

    public static MixedPrecision For(bool amp, Device device)
    {
        if (!amp)
            return new MixedPrecision(null, new GradScaler(enabled: false), null);
        if (device.type != DeviceType.CUDA)
            return new MixedPrecision(
                null,
                new GradScaler(enabled: false),
                "CUDA is not in use, so mixed precision is disabled (float32), as torch.cuda.amp does"
            );
        return new MixedPrecision(ScalarType.Float16, new GradScaler(), null);
    }

    /// <summary>The region the forward pass and the loss run in (nothing when float32).</summary>
    public IDisposable Autocast() => LowPrecision is { } dtype ? Layers.Autocast.Enable(dtype) : NoRegion.Instance;

    private sealed class NoRegion : IDisposable
    {
        public static readonly NoRegion Instance = new();

        public void Dispose() { }
    }
}
