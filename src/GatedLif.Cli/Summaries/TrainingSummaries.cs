using GatedLif.Files;
using GatedLif.Training;
using static TorchSharp.torch;

namespace GatedLif.Cli.Summaries;

/// <summary>
/// What a train.py run leaves for looking at it afterwards, in <c>./summaries/{modeltag}/</c>: the TensorBoard event
/// file and the GLIF parameter records (epoch 0 at the start, then one entry per epoch after its test pass).
/// With spike statistics, each test pass's firing rates and its report (<c>spike-stats.json</c>, the latest pass).
/// A resumed run keeps the records of the epochs before the one it resumes at and starts a new event file.
/// </summary>
public sealed class TrainingSummaries(
    string modelTag,
    nn.Module model,
    IReadOnlyList<ParameterGroup> groups,
    int firstEpoch,
    string root = TrainingSummaries.DefaultRoot
) : ITrainingObserver
{
    public const string DefaultRoot = "./summaries";

    private readonly string _folder = FolderOf(modelTag, root);

    /// <summary>The folder of a run's summaries, records and spike statistics.</summary>
    public static string FolderOf(string modelTag, string root = DefaultRoot) => Path.Combine(root, modelTag);

    private TensorBoardSummaries? _summaries;
    private GlifParameterRecords _records = new(GlifParameterRecords.CurrentFormat, modelTag, []);

    private string RecordsPath => Path.Combine(_folder, GlifParameterRecordsFile.FileName);

    public void RunStarting(int first)
    {
        WritableFolder.Ensure(_folder, "TensorBoard summaries and GLIF parameter records");
        _summaries = new TensorBoardSummaries(_folder);
        if (first > firstEpoch && File.Exists(RecordsPath))
            _records = GlifParameterRecordsFile.Read(RecordsPath);
        if (first == firstEpoch)
            Record(0, new Dictionary<string, double>());
    }

    /// <summary>After the epoch's test pass, before the cosine step, with the rates of every group the epoch trained
    /// with.</summary>
    public void EpochEnded(EndedEpoch epoch)
    {
        var rates = groups
            .Select((g, i) => (g.Name, Rate: epoch.LearningRates[i]))
            .ToDictionary(r => r.Name, r => r.Rate);
        _summaries!.Tested(epoch.Epoch, epoch.Tested.Result);
        _summaries.Trained(epoch.Epoch, epoch.Trained, rates);
        if (epoch.Tested.Spikes is { } spikes)
            SpikeScalars.Write(_summaries, epoch.Epoch, spikes, _folder);
        Record(epoch.Epoch, rates);
    }

    private void Record(int epoch, IReadOnlyDictionary<string, double> rates)
    {
        var layers = GlifParameterCapture.Layers(model.state_dict());
        _summaries!.Parameters(epoch, layers);
        _records = _records.WithEpoch(new EpochRecord(epoch, rates, layers));
        GlifParameterRecordsFile.Write(RecordsPath, _records);
    }
}
