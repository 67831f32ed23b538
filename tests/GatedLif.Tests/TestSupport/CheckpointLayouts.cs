using GatedLif.Training.Checkpointing;

namespace GatedLif.Tests.TestSupport;

/// <summary>Both training checkpoint layouts, by name, for theories that must hold in each.</summary>
public static class CheckpointLayouts
{
    public static TheoryData<string> Names => [nameof(TrainPyCheckpointLayout), nameof(Cifar10DvsCheckpointLayout)];

    public static ICheckpointLayout Named(string name) =>
        name == nameof(TrainPyCheckpointLayout) ? new TrainPyCheckpointLayout(1) : new Cifar10DvsCheckpointLayout();
}
