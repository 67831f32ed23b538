using GatedLif.Cli.CommandLine;
using GatedLif.Cli.Commands.TrainPy;
using GatedLif.Models;
using GatedLif.Models.Blocks;
using GatedLif.Neurons;
using GatedLif.Randomness;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Models;

public sealed class ArchitectureRecognizerTests
{
    [GoldenTheory]
    [MemberData(nameof(KeyListTests.CifarKeyLists), MemberType = typeof(KeyListTests))]
    public void Every_reference_key_list_is_recognised_with_its_flags(string listName)
    {
        var golden = GoldenKeyList.Read(listName);

        var recognised = ArchitectureRecognizer.Recognize(golden.Shapes());

        var expected = ModelSelection.From(new TrainPyCommandLine().Parse(golden.Flags));
        Assert.NotNull(recognised);
        Assert.Equal(
            (expected.Architecture, expected.Neuron, expected.Classes, expected.Glif.StaticParam, expected.Width),
            (
                recognised.Architecture,
                recognised.Neuron,
                recognised.Classes,
                recognised.Glif.StaticParam,
                recognised.Width
            )
        );
        if (!expected.Glif.StaticParam)
            Assert.Equal(expected.Glif.TimeSteps, recognised.Glif.TimeSteps);
        // The flags it prints build the same network again.
        var again = ModelSelection.From(new TrainPyCommandLine().Parse(ArchitectureFlags.Of(recognised).Split(' ')));
        Assert.Equal(
            (recognised.Architecture, recognised.Neuron, recognised.Classes),
            (again.Architecture, again.Neuron, again.Classes)
        );
    }

    [GoldenTheory]
    [MemberData(nameof(KeyListTests.ImageNetKeyLists), MemberType = typeof(KeyListTests))]
    public void ImageNet_checkpoints_are_recognised_with_their_flags(string listName)
    {
        var golden = GoldenKeyList.Read(listName).WithoutBatchNormVth();

        var recognised = ArchitectureRecognizer.Recognize(golden.Shapes());

        var expected = ModelSelection.From(new TrainPyCommandLine().Parse(golden.Flags));
        Assert.NotNull(recognised);
        Assert.Equal(
            (expected.Architecture, expected.Neuron, expected.Classes, expected.Glif.TimeSteps),
            (recognised.Architecture, recognised.Neuron, recognised.Classes, recognised.Glif.TimeSteps)
        );
        var again = ModelSelection.From(new TrainPyCommandLine().Parse(ArchitectureFlags.Of(recognised).Split(' ')));
        Assert.Equal((recognised.Architecture, recognised.Neuron), (again.Architecture, again.Neuron));
    }

    [GoldenTheory]
    [InlineData("SEWResNet_GLIF_dsr-T16.txt", "SEWResNet_GLIF_dsr", 16)]
    [InlineData("SEWResNet_vanillaLIF-T16.txt", "SEWResNet_vanillaLIF", null)]
    public void Cifar10Dvs_key_lists_are_recognised_as_dvs_models(string listName, string model, int? steps)
    {
        var shapes = GoldenKeyList.Read(listName).Shapes();

        Assert.Null(ArchitectureRecognizer.Recognize(shapes));
        Assert.Equal((Architectures.DvsNamed(model), steps), ArchitectureRecognizer.RecognizeDvs(shapes));
    }

    public static TheoryData<string, NeuronKind, bool> EveryStaticImageVariant()
    {
        var data = new TheoryData<string, NeuronKind, bool>();
        foreach (var architecture in Architectures.StaticImage)
        {
            foreach (var neuron in architecture.Neurons)
                data.Add(architecture.Name, neuron, false);
            if (architecture.Neurons.Contains(NeuronKind.LayerWise))
                data.Add(architecture.Name, NeuronKind.LayerWise, true);
        }
        return data;
    }

    /// <summary>What adding an entry to the registry buys: its checkpoints are recognised, and the flags printed for
    /// them build it again.</summary>
    [Theory]
    [MemberData(nameof(EveryStaticImageVariant))]
    public void Every_registered_network_is_recognised_from_its_own_state_dict(
        string name,
        NeuronKind neuron,
        bool staticParam
    )
    {
        var architecture = Architectures.StaticImage.Single(a => a.Name == name);
        var glif = new GlifSettings(2, GlifSettings.DefaultGates, StaticParam: staticParam);
        int classes = architecture.ImageNet ? 1000 : 10;
        var spec = new ModelSpec(architecture, neuron, classes, glif, architecture.Scales ? 0.125 : 1.0);
        using var model = ModelFactory.Create(spec);

        var recognised = ArchitectureRecognizer.Recognize(
            model.state_dict().ToDictionary(e => e.Key, e => e.Value.shape)
        );

        Assert.NotNull(recognised);
        Assert.Equal(
            (architecture, neuron, classes, staticParam, spec.Width),
            (
                recognised.Architecture,
                recognised.Neuron,
                recognised.Classes,
                recognised.Glif.StaticParam,
                recognised.Width
            )
        );
        var again = ModelSelection.From(new TrainPyCommandLine().Parse(ArchitectureFlags.Of(recognised).Split(' ')));
        Assert.Equal(
            (architecture, neuron, classes, spec.Width),
            (again.Architecture, again.Neuron, again.Classes, again.Width)
        );
    }

    [Fact]
    public void Every_registered_dvs_network_is_recognised_from_its_own_state_dict()
    {
        foreach (var architecture in Architectures.Dvs)
        {
            using var model = architecture.Create(
                ConnectFunction.IAND,
                3,
                architecture.Input.Side,
                new NumpyLegacyRandom(1)
            );

            var recognised = ArchitectureRecognizer.RecognizeDvs(
                model.state_dict().ToDictionary(e => e.Key, e => e.Value.shape)
            );

            Assert.Equal((architecture, architecture.Neurons.RecordsTimeSteps ? 3 : (int?)null), recognised);
        }
    }

    [Fact]
    public void An_unknown_layout_is_not_recognised()
    {
        Assert.Null(
            ArchitectureRecognizer.Recognize(
                new Dictionary<string, long[]>
                {
                    ["conv1.0.0.weight"] = [64, 3, 3, 3],
                    ["lastave.0.weight"] = [10, 512],
                }
            )
        );
    }
}
