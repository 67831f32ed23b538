namespace GatedLif.Models.Blocks;

/// <summary>Which residual block a spiking ResNet stacks.</summary>
public enum ResidualBlockKind
{
    /// <summary><see cref="BasicBlock"/>: a neuron after the residual sum.</summary>
    Basic,
    /// <summary><see cref="MembraneShortcutBlock"/>: neurons first, the sum passed on as membrane potential.</summary>
    MembraneShortcut,
}
