using GatedLif.Data;
using GatedLif.Data.Transforms;
using GatedLif.Randomness;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Core.Randomness;

/// <summary>
/// Our NumPy legacy generator against Debian's NumPy 1.24 (the expected numbers were printed by
/// <c>/usr/bin/python3</c>, the calls named in each test).
/// </summary>
[Trait(KernelDependence.Trait, KernelDependence.Dependent)]
public sealed class NumpyLegacyRandomTests
{
    [Fact]
    public void Raw_words_follow_RandomState_across_the_state_refills()
    {
        // np.random.RandomState(9)._bit_generator.random_raw(1300): words 0, 1, 2, 623, 624, 1299
        var random = new NumpyLegacyRandom(9);
        var words = Enumerable.Range(0, 1300).Select(_ => random.NextUInt32()).ToArray();

        Assert.Equal([44556670u, 1565348188u, 2155534974u], words[..3]);
        Assert.Equal(4006321175u, words[623]);
        Assert.Equal(1744012589u, words[624]);
        Assert.Equal(2703349836u, words[1299]);
        var top = new NumpyLegacyRandom(uint.MaxValue);
        Assert.Equal([419326371u, 479346978u], new[] { top.NextUInt32(), top.NextUInt32() });
    }

    [Fact]
    public void Rand_is_numpys_across_the_state_refills()
    {
        // np.random.seed(9); np.random.rand(3); and after 700 draws (1,400 words), np.random.rand(2)
        var random = new NumpyLegacyRandom(9);
        Assert.Equal([0.010374153885699955, 0.5018745921487388, 0.4957732931341461], random.Rand(3));
        random.Rand(697);
        Assert.Equal([0.947068213834919, 0.5748793220141283], random.Rand(2));
    }

    [Fact]
    public void Permutation_is_numpys()
    {
        // np.random.seed(9); np.random.permutation(10)
        Assert.Equal([8, 4, 7, 2, 1, 9, 3, 0, 6, 5], new NumpyLegacyRandom(9).Permutation(10));
    }

    [Fact]
    public void Frame_subsets_are_the_references_sorted_choices_one_after_another()
    {
        // np.random.seed(9); four times sorted(np.random.choice(16, 4, replace=False))
        var random = new NumpyLegacyRandom(9);
        long[][] expected =
        [
            [7, 9, 11, 13],
            [3, 5, 6, 7],
            [3, 12, 13, 15],
            [1, 2, 7, 12],
        ];

        Assert.Equal(expected, Enumerable.Range(0, 4).Select(_ => FrameSubset.Draw(random, 16, 4)).ToArray());
    }
}
