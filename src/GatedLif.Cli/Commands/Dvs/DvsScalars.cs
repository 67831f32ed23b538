using GatedLif.Cli.Summaries;
using GatedLif.Files;
using GatedLif.Training;

namespace GatedLif.Cli.Commands.Dvs;

/// <summary>The reference's <c>SummaryWriter(os.path.join(out_dir, 'logs'))</c> and its four scalars per epoch.</summary>
public sealed class DvsScalars(string folder) : ITrainingObserver
{
    private TensorBoardSummaries? _summaries;

    public void RunStarting(int firstEpoch)
    {
        WritableFolder.Ensure(folder, "TensorBoard summaries");
        _summaries = new TensorBoardSummaries(folder);
    }

    public void EpochEnded(EndedEpoch e) => _summaries!.Scalars(e.Epoch, ("train_loss", e.Trained.MeanLoss),
        ("train_acc", e.Trained.Accuracy), ("test_loss", e.Tested.Result.Loss), ("test_acc", e.Tested.Result.Accuracy));
}
