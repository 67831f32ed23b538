using GatedLif.Cli.Plotting;

namespace GatedLif.Tests.Cli.Plotting;

public sealed class LayerPaletteTests
{
    [Fact]
    public void The_layers_of_a_ResNet_34_look_different_from_each_other()
    {
        // ResNet-34: the stem's neuron and two per block of 16.
        var looks = Enumerable
            .Range(0, 33)
            .Select(i => (LayerPalette.ColorOf(i).ToHex(), LayerPalette.PatternOf(i)))
            .ToList();

        Assert.Equal(33, looks.Distinct().Count());
        // The first twenty differ in colour alone.
        Assert.Equal(20, looks.Take(20).Select(l => l.Item1).Distinct().Count());
    }
}
