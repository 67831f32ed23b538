using GatedLif.Cli.CommandLine;
using GatedLif.Cli.Commands.TrainPy;
using GatedLif.Models.Networks;
using GatedLif.Models;
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

        var expected = ModelSelection.From(new TrainCommandLine().Parse(golden.Flags));
        Assert.NotNull(recognised);
        Assert.Equal((expected.Architecture, expected.Neuron, expected.Classes, expected.Glif.StaticParam, expected.Width),
            (recognised.Architecture, recognised.Neuron, recognised.Classes, recognised.Glif.StaticParam, recognised.Width));
        if (!expected.Glif.StaticParam)
            Assert.Equal(expected.Glif.TimeSteps, recognised.Glif.TimeSteps);
        // The flags it prints build the same network again.
        var again = ModelSelection.From(new TrainCommandLine().Parse(ArchitectureFlags.Of(recognised).Split(' ')));
        Assert.Equal((recognised.Architecture, recognised.Neuron, recognised.Classes), (again.Architecture, again.Neuron, again.Classes));
    }

    [GoldenTheory]
    [MemberData(nameof(KeyListTests.ImageNetKeyLists), MemberType = typeof(KeyListTests))]
    public void ImageNet_checkpoints_are_recognised_with_their_flags(string listName)
    {
        var golden = GoldenKeyList.Read(listName).WithoutBatchNormVth();

        var recognised = ArchitectureRecognizer.Recognize(golden.Shapes());

        var expected = ModelSelection.From(new TrainCommandLine().Parse(golden.Flags));
        Assert.NotNull(recognised);
        Assert.Equal((expected.Architecture, expected.Neuron, expected.Classes, expected.Glif.TimeSteps),
            (recognised.Architecture, recognised.Neuron, recognised.Classes, recognised.Glif.TimeSteps));
        var again = ModelSelection.From(new TrainCommandLine().Parse(ArchitectureFlags.Of(recognised).Split(' ')));
        Assert.Equal((recognised.Architecture, recognised.Neuron), (again.Architecture, again.Neuron));
    }

    [GoldenTheory]
    [InlineData("SEWResNet_GLIF_dsr-T16.txt", DvsModels.WideNet7B, 16, 48)]
    [InlineData("SEWResNet_vanillaLIF-T16.txt", DvsModels.VanillaLif, null, 128)]
    public void Cifar10Dvs_key_lists_are_recognised_as_dvs_models(string listName, string model, int? steps, int side)
    {
        var shapes = GoldenKeyList.Read(listName).Shapes();

        Assert.Null(ArchitectureRecognizer.Recognize(shapes));
        Assert.Equal((model, steps, side), DvsModels.Recognize(shapes));
    }

    [Fact]
    public void An_unknown_layout_is_not_recognised()
    {
        Assert.Null(ArchitectureRecognizer.Recognize(new Dictionary<string, long[]> { ["conv1.0.0.weight"] = [64, 3, 3, 3], ["lastave.0.weight"] = [10, 512] }));
    }
}
