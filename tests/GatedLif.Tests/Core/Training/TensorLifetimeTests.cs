using GatedLif.Models;
using GatedLif.Models.Blocks;
using GatedLif.Models.Networks;
using GatedLif.Neurons;
using GatedLif.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Tests.Core.Training;

/// <summary>Runs alone: <see cref="Tensor.TotalCount"/> counts the live tensor handles of the whole process.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TensorCountCollection
{
    public const string Name = "tensor count";
}

/// <summary>Memory stays flat: evaluation and training steps leave no tensor handle behind, however many run.</summary>
[Collection(TensorCountCollection.Name)]
public sealed class TensorLifetimeTests
{
    private static StaticImageNetwork TinyResNet18() =>
        ModelFactory.Create(
            new ModelSpec(
                Architectures.ResNet18,
                NeuronKind.ChannelWise,
                10,
                new GlifSettings(2, GlifSettings.DefaultGates, SoftMode: true),
                Width: 0.125
            )
        );

    /// <summary>
    /// Live handles once earlier tests' garbage is finalised, so only what this test keeps (or leaves to the
    /// finaliser) changes the count afterwards.
    /// </summary>
    private static long LiveTensors()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return Tensor.TotalCount;
    }

    /// <summary>
    /// No more live handles than before. Fewer is allowed: a thread an earlier test left winding down (a
    /// prefetcher, a finaliser) may free its own tensors meanwhile, which says nothing about this code.
    /// </summary>
    private static void AssertNoneLeft(long before) => Assert.InRange(Tensor.TotalCount, 0, before);

    private static IEnumerable<(Tensor, Tensor)> Batches(int count) =>
        Enumerable.Range(0, count).Select(i => (randn([2, 3, 16, 16]), tensor(new long[] { i % 10, 3 })));

    [Fact]
    public void Evaluation_leaves_no_tensor_behind_over_many_batches()
    {
        using var model = TinyResNet18();
        Evaluator.Run(model, Batches(2), CPU, Evaluator.ChunkFor(CPU, 2));
        long before = LiveTensors();
        var result = Evaluator.Run(model, Batches(15), CPU, Evaluator.ChunkFor(CPU, 2));
        Assert.Equal(30, result.Samples);
        AssertNoneLeft(before);
    }

    [Fact]
    public void Fused_training_steps_leave_no_tensor_behind()
    {
        using var model = TinyResNet18();
        using var sgd = optim.SGD(model.parameters(), 0.01);
        model.train();
        void Step()
        {
            using var scope = NewDisposeScope();
            var (x, y) = Batches(1).Single();
            sgd.zero_grad();
            nn.functional.cross_entropy(model.call(x), y).backward();
            sgd.step();
        }
        Step();
        long before = LiveTensors();
        for (int i = 0; i < 3; i++)
            Step();
        AssertNoneLeft(before);
    }
}
