using GatedLif.Layers;
using static TorchSharp.torch;

namespace GatedLif.Training;

/// <summary>
/// The loss a training step minimises (<see cref="TrainingStep"/>), from the model's output and the labels.
/// </summary>
public static class TrainingLoss
{
    /// <summary>
    /// The loss the reference scripts train and test with: cross-entropy, the mean over the batch. Inside an autocast
    /// region the logits are cast as torch.cuda.amp casts cross-entropy's input (to float32).
    /// </summary>
    public static Tensor CrossEntropy(Tensor output, Tensor labels) =>
        nn.functional.cross_entropy(AutocastPolicy.CastFor(AutocastOperation.CrossEntropy, output), labels);
}
