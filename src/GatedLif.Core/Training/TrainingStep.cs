using static TorchSharp.torch;

namespace GatedLif.Training;

/// <summary>
/// One training step as train.py's loop does it: zero the gradients, the forward pass and the loss in the autocast
/// region of <see cref="MixedPrecision"/>, the scaled backward, the scaler's (possibly skipped) optimiser step and its
/// scale update.
/// </summary>
public static class TrainingStep
{
    /// <summary>
    /// Runs the step with <paramref name="loss"/> (the model's output, the labels: the loss, computed in the autocast
    /// region) and returns the output and the (unscaled) loss. <paramref name="afterBackward"/> runs between the
    /// backward pass and the step (data parallelism averages the gradients there).
    /// </summary>
    public static (Tensor Output, Tensor Loss) Run(
        MixedPrecision precision,
        nn.Module<Tensor, Tensor> model,
        optim.Optimizer optimizer,
        Tensor x,
        Tensor y,
        Func<Tensor, Tensor, Tensor> loss,
        Action? afterBackward = null
    )
    {
        optimizer.zero_grad();
        Tensor output,
            value;
        using (precision.Autocast())
        {
            output = model.call(x);
            value = loss(output, y);
        }
        precision.Scaler.ScaleLoss(value).backward();
        afterBackward?.Invoke();
        precision.Scaler.Step(() => optimizer.step(), model.parameters());
        precision.Scaler.Update();
        return (output, value);
    }
}
