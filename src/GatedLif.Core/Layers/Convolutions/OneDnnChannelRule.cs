namespace GatedLif.Layers.Convolutions;

/// <summary>
/// Which 2-D convolutions libtorch's CPU kernels (oneDNN) compute right. libtorch 2.10's oneDNN pads channel
/// counts to its vector block (16 floats with AVX-512, 8 with AVX2) and, on some processors, then returns wrong
/// values or NaN from memory it never wrote: on an AMD EPYC (Zen 5) with AVX-512, the input gradient of a 3x3
/// convolution with 8 output channels was off by 40-250% of its size in 28 of 30 runs at batch 8 (never at batch
/// 1), 24 input channels broke the forward pass, and with oneDNN held to AVX2, 4- and 12-channel ones. PyTorch
/// 1.13's oneDNN computed all of them right on the same machine, and every configuration with multiples of 16
/// channels was right (83 of the ResNet, 7B-wideNet and ImageNet configurations, 3 runs each, against float64).
/// The rule is therefore structural, not a probe, since the fault comes and goes from run to run: oneDNN for
/// channel counts in whole blocks of 16, and for the stems (at most 4 input channels: images, event polarities)
/// where no input gradient is needed and the output channels are whole blocks; <see cref="UnfoldConvolution"/>
/// for the rest, which are the narrow networks of tests and demos, where it costs little.
/// </summary>
internal static class OneDnnChannelRule
{
    public const long Block = 16;
    public const long StemChannels = 4;

    public static bool Trusts(long inChannels, long outChannels, long groups, bool inputGradient)
    {
        long inPerGroup = inChannels / groups,
            outPerGroup = outChannels / groups;
        if (outPerGroup % Block != 0)
            return false;
        return inPerGroup % Block == 0 || (!inputGradient && inPerGroup <= StemChannels);
    }
}
