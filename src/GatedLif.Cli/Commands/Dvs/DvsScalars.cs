using GatedLif.Cli.Summaries;
using GatedLif.Files;
using GatedLif.Training;

namespace GatedLif.Cli.Commands.Dvs;

/// <summary>The reference's <c>SummaryWriter(os.path.join(out_dir, 'logs'))</c> (in the run's folder) and its four
/// scalars per epoch; with spike statistics, each test pass's firing rates there too and its report in the run's
/// folder.</summary>
public sealed class DvsScalars(string runFolder) : ITrainingObserver
{
    private readonly string _folder = Path.Combine(runFolder, "logs");
    private TensorBoardSummaries? _summaries;

    public void RunStarting(int firstEpoch)
    {
        WritableFolder.Ensure(_folder, "TensorBoard summaries");
        _summaries = new TensorBoardSummaries(_folder);
    }

    public void EpochEnded(EndedEpoch e)
    {
        _summaries!.Scalars(
            e.Epoch,
            ("train_loss", e.Trained.MeanLoss),
            ("train_acc", e.Trained.Accuracy),
            ("test_loss", e.Tested.Result.Loss),
            ("test_acc", e.Tested.Result.Accuracy)
        );
        if (e.Tested.Spikes is { } spikes)
            SpikeScalars.Write(_summaries, e.Epoch, spikes, runFolder);
    }
}
