using GatedLif.Distributed;
using GatedLif.Layers;
using GatedLif.Tests.TestSupport;
using static TorchSharp.torch;

namespace GatedLif.Tests.Core.Distributed;

/// <summary>
/// The synchronised batch normalisation, in a world of one, is BatchNorm2d's training mode: the same output floats,
/// the running statistics and the gradients of input, weight and bias (the multi-rank sums are checked end to end).
/// </summary>
[Trait(KernelDependence.Trait, KernelDependence.Dependent)]
public sealed class SyncBatchNormFunctionTests
{
    [Fact]
    public void One_rank_equals_batch_norm_forward_backward_and_running_statistics()
    {
        manual_seed(3);
        var x = (randn(6, 4, 5, 5) * 2 + 0.5).requires_grad_();
        var weight = (rand(4) + 0.5).requires_grad_();
        var bias = randn(4).requires_grad_();
        var upstream = randn(6, 4, 5, 5);
        var (meanA, varA) = (zeros(4), ones(4));
        var (meanB, varB) = (zeros(4), ones(4));

        var expected = nn.functional.batch_norm(x, meanA, varA, weight, bias, training: true, momentum: 0.1, eps: 1e-5);
        var expectedGrads = autograd.grad([expected], [x, weight, bias], [upstream]);
        var actual = SyncBatchNormFunction.Normalize(x, weight, bias, meanB, varB, 0.1, 1e-5, SingleProcess.Instance);
        var actualGrads = autograd.grad([actual], [x, weight, bias], [upstream]);

        // libtorch's arithmetic, so the same floats.
        Assert.True(
            expected.eq(actual).all().item<bool>(),
            $"forward differs by {(expected - actual).abs().max().item<float>()}"
        );
        AssertClose(meanA, meanB);
        AssertClose(varA, varB);
        for (int i = 0; i < 3; i++)
            AssertClose(expectedGrads[i], actualGrads[i]);
    }

    [Fact]
    public void TdBatchNorm_uses_it_only_for_a_world_of_several_ranks()
    {
        using var bn = new TdBatchNorm(3) { Synchronisation = SingleProcess.Instance };
        bn.train();
        var x = randn(4, 3, 2, 2);
        using var plain = new TdBatchNorm(3);
        plain.train();
        AssertClose(plain.call(x), bn.call(x));
    }

    private static void AssertClose(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.shape, actual.shape);
        double difference = (expected - actual).abs().max().item<float>();
        double scale = Math.Max(1, expected.abs().max().item<float>());
        Assert.True(difference <= 1e-5 * scale, $"differs by {difference}");
    }
}
