using GatedLif.Layers.Convolutions;
using GatedLif.Models;
using GatedLif.Models.Blocks;
using GatedLif.Models.Networks;
using GatedLif.Neurons;
using GatedLif.Randomness;

namespace GatedLif.Tests.Models.Networks;

/// <summary>
/// Which layers the models mark as reading spikes: every convolution that follows a spiking neuron, with what it
/// reads (0/1 spikes, or sums and averages of them); never a layer that reads images, event frames or membrane
/// potentials.
/// </summary>
public sealed class SpikeInputMarkingTests
{
    private static Dictionary<string, SpikeInput> Marks(TorchSharp.torch.nn.Module model) =>
        ConvolutionRoutes.Of(model).ToDictionary(l => l.Name, l => l.Route.Input);

    private static GlifSettings Glif => new(1, GlifSettings.DefaultGates, SoftMode: true);

    [Fact]
    public void ResNet_18_marks_every_convolution_but_the_stem()
    {
        using var model = ModelFactory.Create(
            new ModelSpec(Architectures.ResNet18, NeuronKind.ChannelWise, 10, Glif, Width: 0.25)
        );
        var marks = Marks(model);
        // 8 blocks of two body convolutions, and the 1x1 shortcuts of the three blocks that change shape.
        Assert.Equal(19, marks.Count);
        Assert.All(marks.Values, m => Assert.Equal(SpikeInput.Binary, m));
        Assert.DoesNotContain("conv1.0.0", marks.Keys);
        Assert.Contains("features.2.downsample.0.0", marks.Keys);
    }

    [Fact]
    public void Membrane_shortcut_blocks_leave_their_shortcut_unmarked()
    {
        using var model = ModelFactory.Create(
            new ModelSpec(Architectures.ResNet18MS, NeuronKind.ChannelWise, 10, Glif, Width: 0.125)
        );
        var marks = Marks(model);
        Assert.Equal(16, marks.Count);
        Assert.Contains("features.0.body.1.0", marks.Keys);
        Assert.Contains("features.0.body.3.0", marks.Keys);
        Assert.DoesNotContain(marks.Keys, k => k.Contains("downsample"));
    }

    [Fact]
    public void CIFARNet_marks_pooled_spikes_as_non_negative_and_its_classifier_as_reading_spikes()
    {
        using var model = ModelFactory.Create(new ModelSpec(Architectures.CifarNet, NeuronKind.ChannelWise, 10, Glif));
        var marks = Marks(model);
        Assert.DoesNotContain("features.0.0", marks.Keys);
        Assert.Equal(SpikeInput.Binary, marks["features.2.0"]);
        Assert.Equal(SpikeInput.NonNegative, marks["features.5.0"]);
        Assert.Equal(SpikeInput.NonNegative, marks["features.8.0"]);
        Assert.Equal(SpikeInput.Binary, marks["features.10.0"]);
        Assert.Equal(SpikeInput.Binary, marks["classifier.0"]);
    }

    [Theory]
    [InlineData(ConnectFunction.ADD, SpikeInput.NonNegative)]
    [InlineData(ConnectFunction.AND, SpikeInput.Binary)]
    [InlineData(ConnectFunction.IAND, SpikeInput.Binary)]
    public void SEW_blocks_mark_what_their_connect_function_passes_on(ConnectFunction connect, SpikeInput afterBlock)
    {
        using var model = Architectures.SewResNetGlifDsr.Create(connect, 2, 48, new NumpyLegacyRandom(9));
        var marks = Marks(model);
        Assert.DoesNotContain("conv.0.0.0", marks.Keys);
        Assert.Equal(SpikeInput.Binary, marks["conv.1.conv.0.0.0"]);
        Assert.Equal(SpikeInput.Binary, marks["conv.1.conv.1.0.0"]);
        Assert.Equal(afterBlock, marks["conv.2.conv.0.0.0"]);
        // After a 2x2 average pool: averages of what came before.
        Assert.Equal(SpikeInput.NonNegative, marks["conv.6.0.0"]);
    }

    [Fact]
    public void Max_pooling_keeps_spikes_binary_and_plain_and_basic_blocks_give_spikes()
    {
        using var plif = Architectures.SewResNetPlif.Create(ConnectFunction.ADD, 2, 128, new NumpyLegacyRandom(9));
        var marks = Marks(plif);
        // After the first SEW block (ADD: sums) and a 2x2 max pool: a maximum of sums, still non-negative.
        Assert.Equal(SpikeInput.NonNegative, marks["conv.3.conv.0.0.0"]);

        using var model = new SewResNet(
            [new(8, true, DvsBlock.Plain, MidChannels: 4), new(8, false, DvsBlock.Basic), new(8, false)],
            ConnectFunction.ADD,
            _ => new PlainLif(0.5, 1.0),
            16,
            pooling: StagePooling.Max
        );
        marks = Marks(model);
        Assert.DoesNotContain("conv.0.0.0", marks.Keys);
        Assert.Equal(SpikeInput.Binary, marks["conv.1.conv.0.0.0"]);
        // The plain block's spikes, max-pooled: spikes.
        Assert.Equal(SpikeInput.Binary, marks["conv.3.conv.0.0.0"]);
        Assert.Equal(SpikeInput.Binary, marks["conv.3.conv.1.0"]);
        // The basic block ends in a neuron: spikes again.
        Assert.Equal(SpikeInput.Binary, marks["conv.4.conv.0.0.0"]);
    }
}
