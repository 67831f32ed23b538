using GatedLif.Layers.Convolutions;
using GatedLif.Layers.Convolutions.AutoTuning;

namespace GatedLif.Tests.Core.Layers.Convolutions.AutoTuning;

/// <summary>auto's fixed crossovers: 1x1 layers never take the spike kernel, wide 3x3 layers take it to higher
/// densities than narrow ones, and AVX2 libtorch (slower) loses to it at higher densities than AVX-512.</summary>
public sealed class CrossoverRuleTests
{
    [Theory]
    [InlineData(LibTorchCpuCapability.Avx512)]
    [InlineData(LibTorchCpuCapability.Avx2)]
    public void A_pointwise_layer_or_linear_layer_stays_dense_at_any_density(LibTorchCpuCapability capability)
    {
        Assert.Equal(ConvolutionPlan.Dense, CrossoverRule.For([512, 256, 1, 1], capability).Decide(0.001).Training);
        Assert.Equal(ConvolutionPlan.Dense, CrossoverRule.For([10, 512], capability).Decide(0.001).Evaluation);
    }

    [Fact]
    public void Crossovers_grow_with_width_and_with_a_slower_libtorch()
    {
        var narrow512 = CrossoverRule.For([64, 64, 3, 3], LibTorchCpuCapability.Avx512);
        var wide512 = CrossoverRule.For([CrossoverRule.WideOutput, 64, 3, 3], LibTorchCpuCapability.Avx512);
        var narrow2 = CrossoverRule.For([64, 64, 3, 3], LibTorchCpuCapability.Avx2);
        var wide2 = CrossoverRule.For([512, 512, 3, 3], LibTorchCpuCapability.Avx2);
        foreach (
            var (low, high) in new[] { (narrow512, wide512), (narrow2, wide2), (narrow512, narrow2), (wide512, wide2) }
        )
        {
            Assert.True(low.Forward < high.Forward, $"{low} against {high}");
            Assert.True(low.WeightGradient < high.WeightGradient, $"{low} against {high}");
        }
        foreach (var rule in new[] { narrow512, wide512, narrow2, wide2 })
            Assert.True(
                rule.Forward <= rule.WeightGradient,
                $"{rule}: a spike forward comes with the spike weight gradient"
            );
    }

    [Theory]
    [InlineData(0.05, ConvolutionPlan.Spike, ConvolutionPlan.Spike)]
    [InlineData(0.11, ConvolutionPlan.SpikeWeightGradient, ConvolutionPlan.Dense)]
    [InlineData(0.25, ConvolutionPlan.Dense, ConvolutionPlan.Dense)]
    public void A_density_decides_each_direction(double density, ConvolutionPlan training, ConvolutionPlan evaluation)
    {
        var decision = CrossoverRule.For([64, 64, 3, 3], LibTorchCpuCapability.Avx512).Decide(density);
        Assert.Equal(density, decision.Density);
        Assert.Equal(training, decision.Training);
        Assert.Equal(evaluation, decision.Evaluation);
    }

    [Theory]
    [InlineData("avx512", null, LibTorchCpuCapability.Avx512)]
    [InlineData("AVX2", "flags : avx512f avx512bw avx512vl avx512dq", LibTorchCpuCapability.Avx2)]
    [InlineData("default", null, LibTorchCpuCapability.Avx2)]
    [InlineData(
        null,
        "flags\t\t: fpu sse4_2 avx2 fma avx512f avx512dq avx512bw avx512vl",
        LibTorchCpuCapability.Avx512
    )]
    [InlineData("", "flags : fpu sse4_2 avx2 fma avx512f", LibTorchCpuCapability.Avx2)]
    [InlineData(null, null, LibTorchCpuCapability.Avx2)]
    public void Libtorchs_capability_follows_its_variable_then_the_processor(
        string? variable,
        string? flags,
        LibTorchCpuCapability expected
    ) => Assert.Equal(expected, LibTorchCpu.Detect(variable, flags));
}
