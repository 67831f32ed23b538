namespace GatedLif.Models.Networks;

/// <summary>The 2x2 pooling after a CIFAR10-DVS stage: average in the GLIF models, max in the PLIF baseline.</summary>
public enum StagePooling
{
    Average,
    Max,
}
