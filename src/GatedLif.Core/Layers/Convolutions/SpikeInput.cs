namespace GatedLif.Layers.Convolutions;

/// <summary>What a convolution that follows spiking neurons reads; the models mark it where they are built.</summary>
public enum SpikeInput
{
    /// <summary>A spiking neuron's output: 0 or 1.</summary>
    Binary,

    /// <summary>Sums or averages of spikes (a SEW block's ADD, an average pool of spikes): non-negative, mostly
    /// 0.</summary>
    NonNegative,
}
