using GatedLif.Checkpoints;
using GatedLif.Training.Checkpointing;

namespace GatedLif.Tests.TestSupport;

/// <summary>Both training checkpoint layouts, by name, for theories that must hold in each.</summary>
internal static class CheckpointLayouts
{
    public static TheoryData<string> Names => [nameof(TrainPyCheckpointLayout), nameof(DvsCheckpointLayout)];

    public static ICheckpointLayout Named(string name) =>
        name == nameof(TrainPyCheckpointLayout) ? new TrainPyCheckpointLayout(1) : new DvsCheckpointLayout();

    /// <summary>The named layout's file of what <paramref name="entries"/> makes with it, in <paramref
    /// name="folder"/>.</summary>
    public static (ICheckpointLayout Layout, string Path) Write(
        string name,
        TempFolder folder,
        Func<ICheckpointLayout, Dictionary<string, object?>> entries
    )
    {
        var layout = Named(name);
        var path = folder.File(name + ".pth");
        TorchCheckpointWriter.Write(path, entries(layout));
        return (layout, path);
    }
}
