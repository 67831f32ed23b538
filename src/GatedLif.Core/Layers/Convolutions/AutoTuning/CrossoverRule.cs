namespace GatedLif.Layers.Convolutions.AutoTuning;

/// <summary>
/// The input densities below which the spike kernel runs a convolution faster than libtorch, forward and for the
/// weight gradient, by the convolution's kernel size and output channels and the vector width libtorch's CPU
/// kernels run at. They are fixed numbers read off <c>bench --model</c>'s per-layer crossovers on the paper's five
/// workloads (docs/articles/speed.md), not timings taken in the run, so a plan depends only on the input and the
/// processor class: the same command line plans the same way every time. Wide layers favour the spike kernel (each
/// spike adds one long weight row); a 1x1 convolution does too little work per spike for the kernel's fixed cost
/// (scanning, packing) to pay off at any density the networks show; libtorch's AVX2 kernels run at about half the
/// rate of its AVX-512 ones, ours at the same.
/// </summary>
internal sealed record CrossoverRule(double Forward, double WeightGradient)
{
    /// <summary>Output channels from which a layer counts as wide.</summary>
    public const long WideOutput = 128;

    public static readonly CrossoverRule Never = new(0, 0);

    private static readonly CrossoverRule Avx512Narrow = new(0.10, 0.12),
        Avx512Wide = new(0.12, 0.18);
    private static readonly CrossoverRule Avx2Narrow = new(0.18, 0.22),
        Avx2Wide = new(0.30, 0.32);

    /// <summary>The rule for a convolution (or linear layer, a 1x1 convolution) with weights of
    /// <paramref name="weightShape"/> on a processor of <paramref name="capability"/>.</summary>
    public static CrossoverRule For(long[] weightShape, LibTorchCpuCapability capability)
    {
        long taps = weightShape.Length == 4 ? weightShape[2] * weightShape[3] : 1;
        if (taps == 1)
            return Never;
        bool wide = weightShape[0] >= WideOutput;
        return capability == LibTorchCpuCapability.Avx512
            ? wide
                ? Avx512Wide
                : Avx512Narrow
            : wide
                ? Avx2Wide
                : Avx2Narrow;
    }

    public AutoDecision Decide(double density) => new(density, density < Forward, density < WeightGradient);
}
