using GatedLif.Models;
using GatedLif.Models.Blocks;
using GatedLif.Neurons;

namespace GatedLif.Tests.Models;

public sealed class ModelFactoryTests
{
    private static readonly GlifSettings Glif = new(2, GlifSettings.DefaultGates);

    [Fact]
    public void A_network_has_only_the_neurons_its_entry_names()
    {
        Assert.Throws<NotSupportedException>(() =>
            ModelFactory.Create(new ModelSpec(Architectures.CifarNet, NeuronKind.LayerWise, 10, Glif))
        );
        Assert.Throws<NotSupportedException>(() =>
            ModelFactory.Create(new ModelSpec(Architectures.ResNet34, NeuronKind.Fused, 1000, Glif, 0.125))
        );
    }

    [Fact]
    public void Only_the_ResNets_scale()
    {
        Assert.Throws<NotSupportedException>(() =>
            ModelFactory.Create(new ModelSpec(Architectures.CifarNet, NeuronKind.ChannelWise, 10, Glif, 0.5))
        );
        using var model = ModelFactory.Create(
            new ModelSpec(Architectures.ResNet19, NeuronKind.LayerWise, 10, Glif, 0.125)
        );
        Assert.Equal([16L, 3, 3, 3], model.state_dict()["conv1.0.0.weight"].shape);
    }
}
