using GatedLif.Cli.Benchmarks;
using static TorchSharp.torch;

namespace GatedLif.Tests.Cli.Benchmarks;

/// <summary>
/// bench --model's workloads: each reference command line gives the T, batch and inputs of the paper's workload, and
/// each network reads the inputs its workload declares and gives one logit per class.
/// </summary>
public sealed class WorkloadTests
{
    [Theory]
    [InlineData("resnet18", 2, 2, "16x3x32x32", "16x3x32x32", 10)]
    [InlineData("resnet19", 2, 2, "16x3x32x32", "16x3x32x32", 10)]
    [InlineData("resnet18ms", 2, 2, "4x3x224x224", "4x3x224x224", 1000)]
    [InlineData("7b-widenet", 16, 16, "8x16x2x48x48", "8x16x2x48x48", 10)]
    [InlineData("sew-plif", 16, 8, "4x8x2x128x128", "4x16x2x128x128", 10)]
    public void The_defaults_are_the_papers_workloads(
        string name,
        int steps,
        int trainFrames,
        string training,
        string evaluation,
        int classes
    )
    {
        var setup = Workload.Named(name).Setup(null, null);
        Assert.Equal((steps, trainFrames, classes), (setup.Steps, setup.TrainFrames, setup.Classes));
        Assert.Equal(training, string.Join('x', setup.TrainingShape));
        Assert.Equal(evaluation, string.Join('x', setup.EvaluationShape));
    }

    [Fact]
    public void Another_T_keeps_the_share_of_frames_a_training_step_sees()
    {
        var setup = Workload.Named("sew-plif").Setup(4, 2);
        Assert.Equal((4, 2, 2), (setup.Steps, setup.TrainFrames, setup.Batch));
    }

    [Theory]
    [InlineData("resnet18")]
    [InlineData("resnet19")]
    [InlineData("resnet18ms")]
    [InlineData("7b-widenet")]
    [InlineData("sew-plif")]
    public void Each_network_reads_its_declared_inputs_and_gives_one_logit_per_class(string name)
    {
        var setup = Workload.Named(name).Setup(2, 1);
        using var scope = NewDisposeScope();
        using var model = setup.Build(CPU);
        model.eval();
        using var _ = no_grad();
        var generator = new Generator(1);
        foreach (var shape in new[] { setup.TrainingShape, setup.EvaluationShape })
            Assert.Equal([1L, setup.Classes], model.call(setup.Draw(shape, generator)).shape);
    }
}
