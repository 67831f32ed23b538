namespace GatedLif.Models.Blocks;

/// <summary>Which residual block a spiking ResNet stacks.</summary>
public enum ResidualBlockKind
{
    /// <summary><see cref="SpikeShortcutBlock"/> (the reference's <c>BasicBlock</c>): spikes along the shortcut, a
    /// neuron after the residual sum.</summary>
    SpikeShortcut,
    /// <summary><see cref="MembraneShortcutBlock"/>: neurons first, the sum passed on as membrane potential.</summary>
    MembraneShortcut,
}
