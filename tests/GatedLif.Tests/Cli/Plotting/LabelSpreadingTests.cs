using GatedLif.Cli.Plotting;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Cli.Plotting;

[Trait(KernelDependence.Trait, KernelDependence.Dependent)]
public sealed class LabelSpreadingTests
{
    [Fact]
    public void Labels_far_apart_stay_at_their_lines_ends()
    {
        Assert.Equal([0.2, 0.8, 0.5], LabelSpreading.Spread([0.2, 0.8, 0.5], gap: 0.1, low: 0, high: 1));
    }

    [Fact]
    public void Labels_of_lines_ending_together_are_spread_by_the_gap_around_their_ends()
    {
        var placed = LabelSpreading.Spread([0.5, 0.5, 0.5, 0.9], gap: 0.1, low: 0, high: 1);

        // The three at 0.5 share a block centred on 0.5, in input order; 0.9 is out of their way.
        Assert.Equal(0.4, placed[0], 12);
        Assert.Equal(0.5, placed[1], 12);
        Assert.Equal(0.6, placed[2], 12);
        Assert.Equal(0.9, placed[3], 12);
    }

    [Fact]
    public void Labels_keep_the_order_of_the_ends_and_stay_in_the_panel()
    {
        double[] wanted = [0.99, 0.97, 0.98, 0.1, 0.02];

        var placed = LabelSpreading.Spread(wanted, gap: 0.05, low: 0.03, high: 0.97);

        var byEnd = Enumerable.Range(0, wanted.Length).OrderBy(i => wanted[i]).Select(i => placed[i]).ToArray();
        Assert.All(byEnd.Zip(byEnd.Skip(1)), pair => Assert.True(pair.Second - pair.First >= 0.05 - 1e-12, $"{pair}"));
        Assert.All(placed, y => Assert.InRange(y, 0.03, 0.97 + 1e-12));
        Assert.Equal(0.97, byEnd[^1], 12);
        Assert.Equal(0.1, placed[3], 12);
    }

    [Fact]
    public void Too_many_labels_for_the_panel_are_spaced_evenly_over_it()
    {
        var placed = LabelSpreading.Spread([0.5, 0.5, 0.5, 0.5, 0.5], gap: 0.5, low: 0, high: 1);

        Assert.Equal([0, 0.25, 0.5, 0.75, 1], placed.Select(y => Math.Round(y, 12)));
    }
}
