using GatedLif.Checkpoints;
using GatedLif.Layers.Convolutions;
using GatedLif.Tests.TestSupport;
using GatedLif.Training;
using GatedLif.Training.Checkpointing;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Tests.Core.Training.Checkpointing;

/// <summary>Evaluating a checkpoint of either layout loads its weights and auto's plans, and names a missing
/// model entry.</summary>
[Trait(KernelDependence.Trait, KernelDependence.Dependent)]
public sealed class CheckpointEvaluationTests
{
    [Theory]
    [MemberData(nameof(CheckpointLayouts.Names), MemberType = typeof(CheckpointLayouts))]
    public void The_weights_and_plans_of_a_checkpoint_are_what_is_evaluated(string layoutName)
    {
        using var folder = new TempFolder();
        using var trained = SmallResNet.Planned(seed: 1);
        var (layout, path) = CheckpointLayouts.Write(layoutName, folder, l =>
            l.Write(
                new TrainingSnapshot(
                    trained,
                    1,
                    BestScore.None,
                    [],
                    [],
                    Generator.Default.get_state(),
                    ConvolutionPlanEntry.Of(trained)
                )
            )
        );

        using var evaluated = SmallResNet.Build(ConvolutionImplementation.Auto, seed: 2);
        CheckpointEvaluation.Load(evaluated, path, layout.StateDictKey, new StateDictMismatchOptions());
        Assert.Equal(ConvolutionRoutes.Decisions(trained), ConvolutionRoutes.Decisions(evaluated));
        var expected = trained.state_dict();
        foreach (var (key, value) in evaluated.state_dict())
            Assert.True(value.eq(expected[key]).all().item<bool>(), $"{key} differs");

        var wrongKey =
            layoutName == nameof(TrainPyCheckpointLayout)
                ? DvsCheckpointLayout.NetKey
                : TorchCheckpointReader.StateDictKey;
        var error = Assert.Throws<CheckpointException>(() =>
            CheckpointEvaluation.Load(evaluated, path, wrongKey, new StateDictMismatchOptions())
        );
        Assert.Contains(path, error.Message);
    }
}
