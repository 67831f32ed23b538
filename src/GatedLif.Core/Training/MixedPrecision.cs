using GatedLif.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Training;

/// <summary>
/// Mixed precision as train.py (<c>--amp</c>) runs it with torch.cuda.amp: on CUDA, the forward pass and the loss inside a
/// float16 autocast region and a <see cref="GradScaler"/> with PyTorch's defaults; on the CPU, torch.cuda.amp
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
            return new MixedPrecision(null, new GradScaler(enabled: false),
                "CUDA is not in use, so mixed precision is disabled (float32), as torch.cuda.amp does");
        return new MixedPrecision(ScalarType.Float16, new GradScaler(), null);
    }

    /// <summary>
    /// One training step with cross-entropy, as train.py's loop does it: zero the gradients, the forward pass and
    /// the loss in the autocast region, the scaled backward, the scaler's (possibly skipped) optimiser step and its
    /// scale update. Returns the output and the (unscaled) loss. <paramref name="afterBackward"/> runs between the
    /// backward pass and the step (data parallelism averages the gradients there).
    /// </summary>
    public (Tensor Output, Tensor Loss) TrainStep(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, Tensor x, Tensor y,
        Action? afterBackward = null)
    {
        optimizer.zero_grad();
        Tensor output, loss;
        using (Autocast())
        {
            output = model.call(x);
            loss = nn.functional.cross_entropy(AutocastPolicy.CastFor(AutocastOperation.CrossEntropy, output), y);
        }
        Scaler.ScaleLoss(loss).backward();
        afterBackward?.Invoke();
        Scaler.Step(() => optimizer.step(), model.parameters());
        Scaler.Update();
        return (output, loss);
    }

    /// <summary>The region the forward pass and the loss run in (nothing when float32).</summary>
    public IDisposable Autocast() => LowPrecision is { } dtype ? Layers.Autocast.Enable(dtype) : NoRegion.Instance;

    private sealed class NoRegion : IDisposable
    {
        public static readonly NoRegion Instance = new();
        public void Dispose() { }
    }
}
