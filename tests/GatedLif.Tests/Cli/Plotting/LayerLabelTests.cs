using GatedLif.Cli.Plotting;

namespace GatedLif.Tests.Cli.Plotting;

public sealed class LayerLabelTests
{
    [Theory]
    [InlineData("conv1.1")]
    [InlineData("features.7.body.1")]
    [InlineData("features.15.body.2")]
    [InlineData("conv.11.conv.1.1")]
    public void State_dict_prefixes_of_our_networks_are_shown_whole(string layer)
    {
        Assert.Equal(layer, LayerLabel.Short(layer));
    }

    [Fact]
    public void A_longer_name_keeps_its_start_and_its_end()
    {
        var label = LayerLabel.Short("module.features.12.body.2.lif");

        Assert.Equal(LayerLabel.MaxLength, label.Length);
        Assert.Equal("module.f…ody.2.lif", label);
    }
}
