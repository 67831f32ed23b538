using GatedLif.Layers.Convolutions;
using GatedLif.Layers.Convolutions.AutoTuning;
using GatedLif.Tests.TestSupport;
using GatedLif.Training;
using static TorchSharp.torch;

namespace GatedLif.Tests.Core.Training;

/// <summary>The training engine with <c>--conv-impl auto</c>: checkpoints carry the plans and a resumed run uses
/// them (the plans follow the processor's kernels, so this runs as every processor).</summary>
[Collection(SerialTorchRandom.Name)]
[Trait(KernelDependence.Trait, KernelDependence.Dependent)]
public sealed class TrainerConvolutionPlanTests
{
    /// <summary>
    /// With --conv-impl auto the resumed run takes the plans the checkpoint holds, decided from the first run's first
    /// batch (its densities, to the last digit), not from the batch it resumes at, and ends as the run never stopped.
    /// </summary>
    [GoldenFact]
    public void A_resumed_auto_run_plans_as_the_run_it_continues()
    {
        using var data = new TempFolder();
        var dataset = TinyTraining.Data(data);
        using var straight = new TempFolder();
        var first = new DecisionsAtStart();
        TinyTraining.Run(
            straight.Path,
            dataset,
            epochs: 2,
            convolutions: ConvolutionImplementation.Auto,
            observer: first.Watch
        );
        Assert.Empty(first.AtStart);
        Assert.Equal(first.Routes, first.AtEnd.Count);

        using var stopped = new TempFolder();
        TinyTraining.Run(stopped.Path, dataset, epochs: 2, stopAt: 2, convolutions: ConvolutionImplementation.Auto);
        var resumed = new DecisionsAtStart();
        TinyTraining.Run(
            stopped.Path,
            dataset,
            epochs: 2,
            resume: true,
            convolutions: ConvolutionImplementation.Auto,
            observer: resumed.Watch
        );
        Assert.Equal(first.AtEnd, resumed.AtStart);
        Assert.Equal(first.AtEnd, resumed.AtEnd);
        CheckpointAssert.SameTrainingState(
            TinyTraining.ResumePoint(straight.Path, 2),
            TinyTraining.ResumePoint(stopped.Path, 2)
        );
    }

    private sealed class DecisionsAtStart : ITrainingObserver
    {
        public nn.Module? Model { get; private set; }
        public int Routes { get; private set; }
        public Dictionary<string, AutoDecision> AtStart { get; private set; } = [];
        public Dictionary<string, AutoDecision> AtEnd { get; private set; } = [];

        public ITrainingObserver Watch(nn.Module model, IReadOnlyList<ParameterGroup> groups)
        {
            Model = model;
            return this;
        }

        public void RunStarting(int firstEpoch)
        {
            AtStart = ConvolutionRoutes.Decisions(Model!);
            Routes = ConvolutionRoutes.Of(Model!).Count;
        }

        public void EpochEnded(EndedEpoch epoch) => AtEnd = ConvolutionRoutes.Decisions(Model!);
    }
}
