using GatedLif.Checkpoints;
using static TorchSharp.torch;

namespace GatedLif.Training.Checkpointing;

/// <summary>
/// A checkpoint made ready to evaluate, for both command lines: its weights loaded into the model (strictly, the
/// mismatch reported as <c>mismatch</c> says) and auto's convolution plans restored, so the evaluation
/// computes as the run that wrote it did.
/// </summary>
public static class CheckpointEvaluation
{
    public static void Load(nn.Module model, string path, string stateDictKey, StateDictMismatchOptions mismatch)
    {
        using var checkpoint = TorchCheckpointReader.Read(path, stateDictKey);
        StateDictLoader.Load(model, checkpoint.StateDict, path, mismatch: mismatch);
        ConvolutionPlanEntry.Restore(model, checkpoint);
    }
}
