using GatedLif.Checkpoints;
using GatedLif.Tests.TestSupport;
using GatedLif.Training;
using GatedLif.Training.Checkpointing;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Tests.Core.Training.Checkpointing;

/// <summary>The loss scaler's state goes into both checkpoint layouts under <c>scaler</c> when it is enabled, and a
/// scaler restored from the file continues where the saved one was; a malformed entry is named.</summary>
public sealed class GradScalerEntryTests
{
    private static Dictionary<string, object?> Entries(ICheckpointLayout layout, nn.Module model, GradScaler scaler) =>
        layout.Write(
            new TrainingSnapshot(
                model,
                2,
                BestScore.None,
                [],
                [],
                Generator.Default.get_state(),
                Scaler: GradScalerEntry.Of(scaler)
            )
        );

    /// <summary>A scaler with rules of its own, at a scale two clean steps short of growth.</summary>
    private static GradScaler Trained()
    {
        var scaler = new GradScaler();
        scaler.LoadStateDict(
            new Dictionary<string, object>
            {
                ["scale"] = 1024.0,
                ["growth_factor"] = 4.0,
                ["backoff_factor"] = 0.25,
                ["growth_interval"] = 3,
                ["_growth_tracker"] = 1,
            }
        );
        return scaler;
    }

    [Theory]
    [MemberData(nameof(CheckpointLayouts.Names), MemberType = typeof(CheckpointLayouts))]
    public void A_resumed_scaler_starts_from_the_saved_state(string layoutName)
    {
        using var folder = new TempFolder();
        using var model = nn.Linear(2, 2);
        var (layout, path) = CheckpointLayouts.Write(layoutName, folder, l => Entries(l, model, Trained()));

        var resumed = new GradScaler();
        using (var checkpoint = TorchCheckpointReader.Read(path, layout.StateDictKey))
            GradScalerEntry.Restore(resumed, checkpoint);
        Assert.Equal(Trained().StateDict(), resumed.StateDict());

        // The next two clean steps are the 2nd and 3rd since the scale last changed: it grows by the saved factor, as
        // in the run never stopped.
        using var weight = ones(2).requires_grad_(true);
        for (int step = 0; step < 2; step++)
        {
            weight.grad = ones(2);
            Assert.True(resumed.Step(() => { }, [weight]));
            resumed.Update();
        }
        Assert.Equal((4096.0, 0), (resumed.Scale, resumed.GrowthTracker));
    }

    [Fact]
    public void A_disabled_scaler_writes_no_entry_and_a_file_without_one_leaves_the_scaler_fresh()
    {
        using var model = nn.Linear(2, 2);
        var entries = Entries(new TrainPyCheckpointLayout(1), model, new GradScaler(enabled: false));
        Assert.DoesNotContain(GradScalerEntry.Key, entries.Keys);

        using var folder = new TempFolder();
        var path = folder.File("fp32.pth.tar");
        TorchCheckpointWriter.Write(path, entries);
        var scaler = new GradScaler();
        using (var checkpoint = TorchCheckpointReader.Read(path))
            GradScalerEntry.Restore(scaler, checkpoint);
        Assert.Equal(65536.0, scaler.Scale);
        Assert.Equal(0, scaler.GrowthTracker);
    }

    [Theory]
    [InlineData("scale", "high", "'scaler': 'scale' is missing or not a number")]
    [InlineData("_growth_tracker", null, "'scaler': '_growth_tracker' is missing or not a number")]
    [InlineData("growth_factor", 0.5, "'scaler': growth factor must be above 1")]
    public void A_malformed_entry_is_named_with_its_file_and_key(string field, object? value, string message)
    {
        using var model = nn.Linear(2, 2);
        var entries = Entries(new TrainPyCheckpointLayout(1), model, Trained());
        ((Dictionary<string, object?>)entries[GradScalerEntry.Key]!)[field] = value;
        using var folder = new TempFolder();
        var path = folder.File("bad.pth.tar");
        TorchCheckpointWriter.Write(path, entries);
        using var checkpoint = TorchCheckpointReader.Read(path);
        var error = Assert.Throws<CheckpointException>(() => GradScalerEntry.Restore(new GradScaler(), checkpoint));
        Assert.Contains(path, error.Message);
        Assert.Contains(message, error.Message);
    }
}
