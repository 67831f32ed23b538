using GatedLif.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GatedLif.Cli.Summaries;

/// <summary>
/// A run's TensorBoard event file (train.py: <c>./summaries/{modeltag}/</c>; cifar10dvs: <c>{out_dir}/logs</c>),
/// written by TorchSharp's SummaryWriter (each event is appended and flushed as it is added). Scalar tags and steps are
/// the reference's; ours are added beside them.
/// </summary>
public sealed class TensorBoardSummaries
{
    private readonly SummaryWriter _writer;

    public TensorBoardSummaries(string folder)
    {
        var existing = Directory.Exists(folder) ? Directory.GetFiles(folder).ToHashSet() : [];
        _writer = TorchSharp.torch.utils.tensorboard.SummaryWriter(folder);
        foreach (var created in Directory.GetFiles(folder).Where(f => !existing.Contains(f)))
            FileVersionRecord.Rewrite(created);
    }

    public string Folder => _writer.LogDir;

    /// <summary>What the reference's <c>test()</c> writes, at step = epoch.</summary>
    public void Tested(int epoch, EvaluationResult result)
    {
        _writer.add_scalar("Top1_of_arch_0", (float)result.Top1, epoch);
        _writer.add_scalar("Top5_of_arch_0", (float)result.Top5, epoch);
        _writer.add_scalar("Test_Loss_/epoch", (float)result.Loss, epoch);
        _writer.add_scalar("Test_Acc_/epoch", (float)result.Top1, epoch);
    }

    /// <summary>Ours: the mean of the epoch's batch losses, its throughput and the learning rate of each SGD
    /// group.</summary>
    public void Trained(int epoch, TrainedEpoch trained, IReadOnlyDictionary<string, double> learningRates)
    {
        _writer.add_scalar("Train_Loss_/epoch", (float)trained.MeanBatchLoss, epoch);
        _writer.add_scalar("Images_per_second/train", (float)trained.ImagesPerSecond, epoch);
        foreach (var (group, rate) in learningRates)
            _writer.add_scalar($"Learning_Rate/{group}", (float)rate, epoch);
    }

    /// <summary>Scalars at one step under the given tags (cifar10dvs/train.py's train_loss, train_acc, test_loss,
    /// test_acc).</summary>
    public void Scalars(int step, params (string Tag, double Value)[] scalars)
    {
        foreach (var (tag, value) in scalars)
            _writer.add_scalar(tag, (float)value, step);
    }

    /// <summary>Ours: one histogram per GLIF parameter, of its values after σ, tagged by its state_dict key.</summary>
    public void Parameters(int epoch, IReadOnlyList<LayerRecord> layers)
    {
        foreach (var layer in layers)
        foreach (var (name, values) in layer.Parameters)
        {
            using var scope = NewDisposeScope();
            _writer.add_histogram($"{layer.Layer}.{name}", tensor(values.AfterSigmoid()), epoch);
        }
    }
}
