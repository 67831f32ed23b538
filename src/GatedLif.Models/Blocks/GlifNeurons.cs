using GatedLif.Neurons;

namespace GatedLif.Models.Blocks;

/// <summary>The GLIF neurons of train.py's networks, by variant.</summary>
public static class GlifNeurons
{
    public static NeuronFactory Of(NeuronKind kind, GlifSettings settings) =>
        kind switch
        {
            NeuronKind.LayerWise => _ => new LayerWiseGlif(settings),
            NeuronKind.ChannelWise => channels => new ChannelWiseGlif(channels, settings),
            NeuronKind.Fused => channels => new FusedGlif(channels, settings),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
}
