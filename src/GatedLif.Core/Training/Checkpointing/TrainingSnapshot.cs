using static TorchSharp.torch;

namespace GatedLif.Training.Checkpointing;

/// <summary>
/// What a training checkpoint records at the end of an epoch: the model, the epoch, the best score, the optimiser
/// and schedule states (in PyTorch's state_dict layouts), torch's CPU generator, auto's convolution plans
/// (<see cref="ConvolutionPlanEntry"/>) and the loss scaler's state (<see cref="GradScalerEntry"/>), each of the last
/// two null when there is none. A layout decides which of them a file holds and under which keys.
/// </summary>
public sealed record TrainingSnapshot(
    nn.Module Model,
    int Epoch,
    BestScore Best,
    Dictionary<string, object?> Optimizer,
    Dictionary<string, object?> Schedule,
    Tensor RngState,
    Dictionary<string, object?>? ConvolutionPlans = null,
    Dictionary<string, object?>? Scaler = null
);
