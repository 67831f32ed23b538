using System.Text.Json;
using GatedLif.Checkpoints;
using GatedLif.Cli.Commands.TrainPy;
using GatedLif.Data.Datasets;
using GatedLif.Data.Loading;
using GatedLif.Layers.Convolutions;
using GatedLif.Models;
using GatedLif.Tests.TestSupport;
using GatedLif.Training;
using static TorchSharp.torch;

namespace GatedLif.Tests.Models;

/// <summary>
/// The reference checkpoint in ../shared/golden evaluated with the spike kernel in every spike-input convolution,
/// as train.py's --eval does it: what the reference reported (r18cw.json), top-1 and top-5 exactly and the loss
/// within the file's tolerance. (--conv-impl auto is checked through the command line, GoldenEvaluationTests.)
/// </summary>
public sealed class GoldenSpikeEvaluationTests
{
    [Fact]
    public void Golden_checkpoint_evaluates_to_the_reference_numbers_with_spike_convolutions()
    {
        var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Golden, "r18cw.json"))).RootElement;
        var spec = ModelSelection.From(new TrainCommandLine().Parse(["--soft-mode", "--stand18", "--channel-wise", "--t", "2"]));
        using var model = ModelFactory.Create(spec);
        var path = Path.Combine(RepoPaths.Golden, expected.GetProperty("checkpoint").GetString()!);
        using (var checkpoint = TorchCheckpointReader.Read(path))
            StateDictLoader.Load(model, checkpoint.StateDict, path);
        ConvolutionRoutes.Use(model, ConvolutionImplementation.Spike);
        ConvolutionRoutes.MeasureDensity(model, true);

        var testSet = new CifarBatchSource(CifarDataset.Open(Path.Combine(RepoPaths.Golden, "cifar"), CifarVariant.Cifar10, CifarSplit.Test), 72);
        var result = Evaluator.Run(model, testSet.Epoch(-1).Select(b => (b.Images, b.Labels)), CPU, Evaluator.ChunkFor(CPU, spec.Glif.TimeSteps));

        double loss = expected.GetProperty("loss").GetDouble(), tolerance = expected.GetProperty("tolerance").GetProperty("loss").GetDouble();
        Assert.InRange(result.Loss, loss - tolerance, loss + tolerance);
        Assert.Equal(expected.GetProperty("top1").GetDouble(), result.Top1, 6);
        Assert.Equal(expected.GetProperty("top5").GetDouble(), result.Top5, 6);
        // The routed convolutions ran on the network's spikes (the reference model fires at 6-9% per layer).
        Assert.InRange(ConvolutionRoutes.MeanDensity(model), 0.02, 0.2);
    }
}
