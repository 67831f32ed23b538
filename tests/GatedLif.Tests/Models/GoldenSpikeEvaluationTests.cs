using GatedLif.Layers.Convolutions;
using GatedLif.Tests.TestSupport;
using GatedLif.Training;
using static TorchSharp.torch;

namespace GatedLif.Tests.Models;

/// <summary>
/// The reference checkpoint in ../shared/golden evaluated with the spike kernel in every spike-input convolution,
/// as train.py's --eval does it: what the reference reported (r18cw.json), top-1 and top-5 exactly and the loss
/// within the file's tolerance. (--conv-impl auto is checked through the command line, GoldenEvaluationTests.)
/// </summary>
[Trait(KernelDependence.Trait, KernelDependence.Dependent)]
public sealed class GoldenSpikeEvaluationTests
{
    [GoldenFact]
    public void Golden_checkpoint_evaluates_to_the_reference_numbers_with_spike_convolutions()
    {
        var expected = GoldenRun.Expected;
        using var model = GoldenRun.Model();
        ConvolutionRoutes.Use(model, ConvolutionImplementation.Spike);
        ConvolutionRoutes.MeasureDensity(model, true);

        var result = Evaluator.Run(
            model,
            GoldenRun.TestSet().Epoch(-1).Select(b => (b.Images, b.Labels)),
            CPU,
            Evaluator.ChunkFor(CPU, GoldenRun.Spec.Glif.TimeSteps)
        );

        double loss = expected.GetProperty("loss").GetDouble(),
            tolerance = expected.GetProperty("tolerance").GetProperty("loss").GetDouble();
        Assert.InRange(result.Loss, loss - tolerance, loss + tolerance);
        Assert.Equal(expected.GetProperty("top1").GetDouble(), result.Top1, 6);
        Assert.Equal(expected.GetProperty("top5").GetDouble(), result.Top5, 6);
        // The routed convolutions ran on the network's spikes (the reference model fires at 6-9% per layer).
        Assert.InRange(ConvolutionRoutes.MeanDensity(model), 0.02, 0.2);
    }
}
