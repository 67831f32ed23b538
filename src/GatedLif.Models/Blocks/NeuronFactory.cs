using GatedLif.Neurons;

namespace GatedLif.Models.Blocks;

/// <summary>Builds the spiking layer of the chosen kind for a given channel count.</summary>
public sealed record NeuronFactory(NeuronKind Kind, GlifSettings Settings)
{
    public GlifNeuron Create(int channels) => Kind switch
    {
        NeuronKind.LayerWise => new LayerWiseGlif(Settings),
        NeuronKind.ChannelWise => new ChannelWiseGlif(channels, Settings),
        NeuronKind.Fused => new FusedGlif(channels, Settings),
        _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, null),
    };
}
