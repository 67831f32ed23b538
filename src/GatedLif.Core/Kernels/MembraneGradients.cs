using static TorchSharp.torch;

namespace GatedLif.Kernels;

/// <summary>What the reverse-time recurrence returns: dL/dx ([T, B, ...]) and dL/d of each coefficient, shaped
/// like <see cref="MembraneCoefficients"/> (ResetGate null when the neuron has no reset gate).</summary>
internal sealed record MembraneGradients(
    Tensor Input,
    Tensor Gain,
    Tensor Decay,
    Tensor Leak,
    Tensor Reset,
    Tensor Threshold,
    Tensor? ResetGate
);
