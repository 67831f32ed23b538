using System.Collections;
using static TorchSharp.torch;

namespace GatedLif.Training.Checkpointing;

/// <summary>What a checkpoint gives back for resuming: the epoch it was written after, the best score, the saved
/// optimiser and schedule states, and torch's generator state where the layout keeps it.</summary>
public sealed record ResumeState(
    int Epoch,
    BestScore Best,
    IDictionary Optimizer,
    IDictionary Schedule,
    Tensor? RngState
);
