using GatedLif.Checkpoints;
using GatedLif.Layers.Convolutions;
using GatedLif.Layers.Convolutions.AutoTuning;
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
    private static TrainingSnapshot Snapshot(nn.Module model) =>
        new(model, 3, BestScore.None, [], [], Generator.Default.get_state(), ConvolutionPlanEntry.Of(model));

    [Theory]
    [MemberData(nameof(CheckpointLayouts.Names), MemberType = typeof(CheckpointLayouts))]
    public void Decisions_round_trip_through_a_checkpoint_file(string layoutName)
    {
        using var folder = new TempFolder();
        using var trained = SmallResNet.Planned();
        var decisions = ConvolutionRoutes.Decisions(trained);
        Assert.Equal(ConvolutionRoutes.Of(trained).Count, decisions.Count);
        var (layout, path) = CheckpointLayouts.Write(layoutName, folder, l => l.Write(Snapshot(trained)));

        using var resumed = SmallResNet.Build(ConvolutionImplementation.Auto);
        using (var checkpoint = TorchCheckpointReader.Read(path, layout.StateDictKey))
            ConvolutionPlanEntry.Restore(resumed, checkpoint);
        Assert.Equal(decisions, ConvolutionRoutes.Decisions(resumed));
    }

    [Fact]
    public void A_model_that_never_planned_writes_no_entry()
    {
        using var model = SmallResNet.Build(ConvolutionImplementation.Dense);
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
        using var model = SmallResNet.Build(ConvolutionImplementation.Auto);
        var entries = new TrainPyCheckpointLayout(1).Write(Snapshot(model));
        entries[ConvolutionPlanEntry.Key] = new Dictionary<string, object?>
        {
            ["features.0.body.0.0"] = new Dictionary<string, object?>
            {
                ["density"] = 0.1,
                ["forward"] = "spike",
                ["weight_gradient"] = "dense",
                [field] = value,
            },
        };
        TorchCheckpointWriter.Write(path, entries);
        using var checkpoint = TorchCheckpointReader.Read(path);
        var error = Assert.Throws<CheckpointException>(() => ConvolutionPlanEntry.Restore(model, checkpoint));
        Assert.Contains(path, error.Message);
        Assert.Contains(message, error.Message);
    }
}
