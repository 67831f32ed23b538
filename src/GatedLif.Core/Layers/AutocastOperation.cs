namespace GatedLif.Layers;

/// <summary>The operations of these networks whose dtype torch.autocast decides (see <see
/// cref="AutocastPolicy"/>).</summary>
public enum AutocastOperation
{
    Convolution,
    Linear,
    BatchNorm,
    ThresholdDependentBatchNorm,
    GatedNeuron,
    CrossEntropy,
    LogSoftmax,
    Softmax,
    Sum,
}
