using GatedLif.Cli.CommandLine;
using GatedLif.Cli.Commands.TrainPy;
using GatedLif.Models;
using GatedLif.Models.Blocks;

namespace GatedLif.Tests.Cli.Commands.TrainPy;

/// <summary>train.py's choice of network: its flag precedence, and the variant a network has when the flags ask for
/// another.</summary>
public sealed class ModelSelectionTests
{
    private static ModelSpec Select(params string[] args) => ModelSelection.From(new TrainPyCommandLine().Parse(args));

    public static TheoryData<string, string, NeuronKind, int> Choices() =>
        new()
        {
            { "", "ResNet-19", NeuronKind.LayerWise, 10 },
            { "--channel-wise --softsimple --cifar100", "ResNet-19", NeuronKind.Fused, 100 },
            { "--stand18 --cifarnet", "ResNet-18", NeuronKind.LayerWise, 10 },
            { "--stand18 --cifarnet --cifar100", "CIFARNet", NeuronKind.ChannelWise, 100 },
            { "--cifarnet", "CIFARNet", NeuronKind.ChannelWise, 10 },
            { "--imagenet --MS34 --MS18 --stand18", "ResNet-18MS", NeuronKind.ChannelWise, 1000 },
            { "--imagenet --MS34 --cifarnet", "ResNet-34MS", NeuronKind.ChannelWise, 1000 },
            { "--imagenet", "ResNet-34", NeuronKind.LayerWise, 1000 },
            { "--imagenet --channel-wise --softsimple", "ResNet-34", NeuronKind.ChannelWise, 1000 },
        };

    [Theory]
    [MemberData(nameof(Choices))]
    public void The_flags_choose_as_train_py_does(string flags, string network, NeuronKind neuron, int classes)
    {
        var spec = Select(flags.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        Assert.Equal((network, neuron, classes), (spec.Architecture.Name, spec.Neuron, spec.Classes));
    }

    [Fact]
    public void Width_applies_to_the_ResNets_only()
    {
        Assert.Equal(0.5, Select("--stand18", "--cifarnet", "--width", "0.5").Width);
        var error = Assert.Throws<UsageException>(() => Select("--cifarnet", "--width", "0.5"));
        Assert.Equal("--width applies to the ResNets only, not to CIFARNet", error.Message);
    }
}
