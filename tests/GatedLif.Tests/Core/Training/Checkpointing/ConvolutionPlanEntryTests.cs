using GatedLif.Checkpoints;
using GatedLif.Layers.Convolutions;
using GatedLif.Layers.Convolutions.AutoTuning;
using GatedLif.Models;
using GatedLif.Models.Blocks;
using GatedLif.Neurons;
using GatedLif.Tests.TestSupport;
using GatedLif.Training;
using GatedLif.Training.Checkpointing;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Tests.Core.Training.Checkpointing;

/// <summary>auto's decisions go into both checkpoint layouts under <c>conv_plans</c> and come back into another
/// model; a model without decisions writes no entry; a malformed entry is named with its file and key.</summary>
[Trait(KernelDependence.Trait, KernelDependence.Dependent)]
public sealed class ConvolutionPlanEntryTests
{
    private static nn.Module<Tensor, Tensor> Model(ConvolutionImplementation convolutions)
    {
        var model = ModelFactory.Create(new ModelSpec(Architectures.ResNet18, NeuronKind.ChannelWise, 10,
            new GlifSettings(1, GlifSettings.DefaultGates, SoftMode: true), Width: 0.25));
        ConvolutionRoutes.Use(model, convolutions);
        return model;
    }

    private static TrainingSnapshot Snapshot(nn.Module model) =>
        new(model, 3, BestScore.None, [], [], Generator.Default.get_state(), ConvolutionPlanEntry.Of(model));

    public static TheoryData<string> Layouts => [nameof(TrainPyCheckpointLayout), nameof(Cifar10DvsCheckpointLayout)];

    private static ICheckpointLayout Layout(string name) =>
        name == nameof(TrainPyCheckpointLayout) ? new TrainPyCheckpointLayout(1) : new Cifar10DvsCheckpointLayout();

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Decisions_round_trip_through_a_checkpoint_file(string layoutName)
    {
        var layout = Layout(layoutName);
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "auto.pth");
        using var trained = Model(ConvolutionImplementation.Auto);
        using (no_grad())
            trained.call(randn([2, 3, 32, 32], generator: new Generator(3))).Dispose();
        var decisions = ConvolutionRoutes.Decisions(trained);
        Assert.Equal(ConvolutionRoutes.Of(trained).Count, decisions.Count);
        TorchCheckpointWriter.Write(path, layout.Write(Snapshot(trained)));

        using var resumed = Model(ConvolutionImplementation.Auto);
        using (var checkpoint = TorchCheckpointReader.Read(path, layout.StateDictKey))
            ConvolutionPlanEntry.Restore(resumed, checkpoint);
        Assert.Equal(decisions, ConvolutionRoutes.Decisions(resumed));
    }

    [Fact]
    public void A_model_that_never_planned_writes_no_entry()
    {
        using var model = Model(ConvolutionImplementation.Dense);
        using (no_grad())
            model.call(randn([1, 3, 32, 32])).Dispose();
        Assert.Null(ConvolutionPlanEntry.Of(model));
        Assert.DoesNotContain(ConvolutionPlanEntry.Key, new TrainPyCheckpointLayout(1).Write(Snapshot(model)).Keys);
    }

    [Theory]
    [InlineData("forward", "fast", "'conv_plans.features.0.body.0.0.forward' must be 'spike' or 'dense'")]
    [InlineData("density", "low", "'conv_plans.features.0.body.0.0.density' is missing or not a number")]
    public void A_malformed_entry_is_named_with_its_file_and_key(string field, string value, string message)
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "bad.pth.tar");
        using var model = Model(ConvolutionImplementation.Auto);
        var entries = new TrainPyCheckpointLayout(1).Write(Snapshot(model));
        entries[ConvolutionPlanEntry.Key] = new Dictionary<string, object?>
        {
            ["features.0.body.0.0"] = new Dictionary<string, object?>
            {
                ["density"] = 0.1, ["forward"] = "spike", ["weight_gradient"] = "dense", [field] = value,
            },
        };
        TorchCheckpointWriter.Write(path, entries);
        using var checkpoint = TorchCheckpointReader.Read(path);
        var error = Assert.Throws<CheckpointException>(() => ConvolutionPlanEntry.Restore(model, checkpoint));
        Assert.Contains(path, error.Message);
        Assert.Contains(message, error.Message);
    }
}
