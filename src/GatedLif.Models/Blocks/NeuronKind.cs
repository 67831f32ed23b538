namespace GatedLif.Models.Blocks;

/// <summary>Which GLIF variant a network's spiking layers use.</summary>
public enum NeuronKind
{
    /// <summary>One scalar per quantity per layer (<c>LIFSpike</c>), the reference's default.</summary>
    LayerWise,

    /// <summary>One value per channel (<c>LIFSpike_CW</c>, <c>--channel-wise</c>).</summary>
    ChannelWise,

    /// <summary>GLIF_f without gates (<c>LIFSpike_CW_softsimple</c>, <c>--softsimple</c>).</summary>
    Fused,
}
