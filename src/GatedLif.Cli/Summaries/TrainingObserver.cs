using GatedLif.Cli.Training;
using GatedLif.Training;
using static TorchSharp.torch;

namespace GatedLif.Cli.Summaries;

/// <summary>
/// What a training run leaves for looking at it afterwards, in <c>./summaries/{modeltag}/</c>: the TensorBoard event
/// file and the GLIF parameter records (epoch 0 at the start, then one entry per epoch after its test pass).
/// A resumed run keeps the records of the epochs before the one it resumes at and starts a new event file.
/// </summary>
public sealed class TrainingObserver
{
    public const string DefaultRoot = "./summaries";

    private readonly nn.Module _model;
    private readonly TensorBoardSummaries _summaries;
    private readonly string _recordsPath;
    private GlifParameterRecords _records;

    public TrainingObserver(string modelTag, nn.Module model, int firstEpoch, string root = DefaultRoot)
    {
        _model = model;
        var folder = Path.Combine(root, modelTag);
        _summaries = new TensorBoardSummaries(folder);
        _recordsPath = Path.Combine(folder, GlifParameterRecordsFile.FileName);
        _records = firstEpoch > 1 && File.Exists(_recordsPath)
            ? GlifParameterRecordsFile.Read(_recordsPath)
            : new GlifParameterRecords(GlifParameterRecords.CurrentFormat, modelTag, []);
        if (firstEpoch == 1)
            Record(0, new Dictionary<string, double>());
    }

    /// <summary>After the epoch's test pass, before the cosine step: <paramref name="learningRates"/> are the rates
    /// the epoch trained with, one per SGD group in order.</summary>
    public void EpochEnded(int epoch, TrainedEpoch trained, EvaluationResult tested, IReadOnlyList<ParameterGroup> groups,
        IReadOnlyList<double> learningRates)
    {
        var rates = groups.Select((g, i) => (g.Name, Rate: learningRates[i])).ToDictionary(r => r.Name, r => r.Rate);
        _summaries.Tested(epoch, tested);
        _summaries.Trained(epoch, trained, rates);
        Record(epoch, rates);
    }

    private void Record(int epoch, IReadOnlyDictionary<string, double> rates)
    {
        var layers = GlifParameterCapture.Layers(_model.state_dict());
        _summaries.Parameters(epoch, layers);
        _records = _records.WithEpoch(new EpochRecord(epoch, rates, layers));
        GlifParameterRecordsFile.Write(_recordsPath, _records);
    }
}
