using GatedLif.Neurons;
using GatedLif.Surrogates;

namespace GatedLif.Tests.TestSupport;

/// <summary>Every GLIF neuron the networks build (gate modes, static gates and parameters, time-wise, GLIF_f and the
/// CIFAR10-DVS neuron with float64 gates), for tests that hold one implementation against another.</summary>
public enum GlifVariant
{
    CwSoft,
    CwHard,
    CwSoftStatic,
    CwHardStatic,
    LayerWise,
    LwStaticGate,
    LwStaticParam,
    LwTimeWise,
    GlifF,
    CwDvsFloat64Gates,
}

public static class GlifVariants
{
    public static GlifNeuron Build(
        this GlifVariant v,
        int steps,
        int channels,
        NeuronImplementation impl,
        ISpikeSurrogate? surrogate = null
    )
    {
        var s = new GlifSettings(steps, GlifSettings.DefaultGates, Implementation: impl, Surrogate: surrogate);
        return v switch
        {
            GlifVariant.CwSoft => new ChannelWiseGlif(channels, s with { SoftMode = true }),
            GlifVariant.CwHard => new ChannelWiseGlif(channels, s),
            GlifVariant.CwSoftStatic => new ChannelWiseGlif(channels, s with { SoftMode = true, StaticGate = true }),
            GlifVariant.CwHardStatic => new ChannelWiseGlif(channels, s with { StaticGate = true }),
            GlifVariant.LayerWise => new LayerWiseGlif(s),
            GlifVariant.LwStaticGate => new LayerWiseGlif(s with { StaticGate = true }),
            GlifVariant.LwStaticParam => new LayerWiseGlif(s with { StaticParam = true }),
            GlifVariant.LwTimeWise => new LayerWiseGlif(s with { TimeWise = true }),
            GlifVariant.CwDvsFloat64Gates => new ChannelWiseGlif(
                channels,
                s with
                {
                    SoftMode = true,
                    Constants = GlifConstants.Dvs,
                    Float64Gates = true,
                }
            ),
            _ => new FusedGlif(channels, s),
        };
    }
}
