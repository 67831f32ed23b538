using GatedLif.Data;
using GatedLif.Data.Transforms;
using GatedLif.Randomness;
using static TorchSharp.torch;

namespace GatedLif.Tests.Data.Transforms;

public sealed class FrameSubsetTests
{
    [Fact]
    public void Every_draw_is_a_sorted_subset_of_the_right_size()
    {
        var random = new NumpyLegacyRandom(3);
        for (int i = 0; i < 50; i++)
        {
            var steps = FrameSubset.Draw(random, 16, 4);
            Assert.Equal(4, steps.Distinct().Count());
            Assert.Equal(steps.Order(), steps);
            Assert.All(steps, s => Assert.InRange(s, 0, 15));
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => FrameSubset.Draw(random, 4, 5));
    }

    [Fact]
    public void Selects_those_frames_of_every_sample()
    {
        using var frames = arange(2 * 5).reshape(2, 5, 1, 1, 1).to_type(ScalarType.Float32);
        using var kept = FrameSubset.Select(frames, [1, 4]);
        Assert.Equal([2L, 2, 1, 1, 1], kept.shape);
        Assert.Equal([1f, 4f, 6f, 9f], kept.data<float>().ToArray());
    }
}
