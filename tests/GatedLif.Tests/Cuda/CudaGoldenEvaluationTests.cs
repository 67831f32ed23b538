using System.Globalization;
using System.Text.Json;
using GatedLif.Checkpoints;
using GatedLif.Data.Datasets;
using GatedLif.Data.Loading;
using GatedLif.Models;
using GatedLif.Models.Blocks;
using GatedLif.Neurons;
using GatedLif.Tests.TestSupport;
using GatedLif.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Tests.Cuda;

/// <summary>
/// The reference checkpoint in ../shared/golden evaluated on CUDA (the evaluation --eval runs: Evaluator.Run over
/// the test batches in file order) reports the reference PyTorch numbers (r18cw.json): top-1 and top-5 exactly, the
/// loss within 1e-3.
/// </summary>
[Trait("Category", CudaFactAttribute.Category)]
public sealed class CudaGoldenEvaluationTests
{
    [CudaFact(needsGolden: true)]
    public void Golden_checkpoint_evaluates_on_cuda_to_the_reference_numbers()
    {
        var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Golden, "r18cw.json"))).RootElement;
        var spec = new ModelSpec(Architecture.ResNet18, NeuronKind.ChannelWise, 10,
            new GlifSettings(2, GlifSettings.DefaultGates, SoftMode: true));
        using var model = ModelFactory.Create(spec);
        var path = Path.Combine(RepoPaths.Golden, expected.GetProperty("checkpoint").GetString()!);
        using (var checkpoint = TorchCheckpointReader.Read(path))
            StateDictLoader.Load(model, checkpoint.StateDict, path);
        model.to(CUDA);
        var testSet = new CifarBatchSource(
            CifarDataset.Open(Path.Combine(RepoPaths.Golden, "cifar"), CifarVariant.Cifar10, CifarSplit.Test), batchSize: 72);

        var result = Evaluator.Run(model, testSet.Epoch(-1).Select(b => (b.Images, b.Labels)), CUDA, Evaluator.ChunkFor(CUDA, 2));

        Assert.Equal(expected.GetProperty("n").GetInt64(), result.Samples);
        double loss = expected.GetProperty("loss").GetDouble();
        Assert.InRange(result.Loss, loss - 1e-3, loss + 1e-3);
        string F6(double value) => value.ToString("F6", CultureInfo.InvariantCulture);
        Assert.Equal(F6(expected.GetProperty("top1").GetDouble()), F6(result.Top1));
        Assert.Equal(F6(expected.GetProperty("top5").GetDouble()), F6(result.Top5));
    }
}
