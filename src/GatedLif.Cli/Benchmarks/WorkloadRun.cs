using GatedLif.Training;
using static TorchSharp.torch;

namespace GatedLif.Cli.Benchmarks;

/// <summary>
/// A <see cref="WorkloadSetup"/> made ready to time: its network and optimiser on the device, and fixed random inputs
/// and labels (the same every step, so the times do not depend on the data drawn).
/// </summary>
public sealed class WorkloadRun : IDisposable
{
    private readonly Device device;
    private readonly optim.Optimizer optimizer;
    private readonly MixedPrecision precision;
    private readonly Tensor labels,
        evaluationInput;

    public WorkloadRun(WorkloadSetup setup, Device device, bool amp)
    {
        Setup = setup;
        this.device = device;
        Model = setup.Build(device);
        optimizer = setup.Optimizer.Create(setup.Groups(Model));
        precision = MixedPrecision.For(amp, device);
        var generator = new Generator(2);
        TrainingInput = setup.Draw(setup.TrainingShape, generator).to(device);
        labels = randint(setup.Classes, [setup.Batch], generator: generator).to(device);
        evaluationInput =
            setup.TrainFrames == setup.Steps ? TrainingInput : setup.Draw(setup.EvaluationShape, generator).to(device);
    }

    public WorkloadSetup Setup { get; }

    public nn.Module<Tensor, Tensor> Model { get; }

    public Tensor TrainingInput { get; }

    /// <summary>The autocast dtype of --amp, or null in float32.</summary>
    public ScalarType? LowPrecision => precision.LowPrecision;

    public void TrainStep()
    {
        using var scope = NewDisposeScope();
        TrainingStep.Run(precision, Model, optimizer, TrainingInput, labels, TrainingLoss.CrossEntropy);
    }

    /// <summary><paramref name="count"/> batches through the front-end's test pass (evaluation mode, no
    /// gradients).</summary>
    public void Evaluate(int count) => Evaluator.Run(Model, Batches(count), device, Setup.EvaluationChunk(device));

    // The evaluator takes ownership of (and disposes) the batches it is given, as the data loader's.
    private IEnumerable<(Tensor, Tensor)> Batches(int count) =>
        Enumerable.Range(0, count).Select(_ => (evaluationInput.cpu().clone(), labels.cpu().clone()));

    public void Dispose()
    {
        if (!ReferenceEquals(evaluationInput, TrainingInput))
            evaluationInput.Dispose();
        TrainingInput.Dispose();
        labels.Dispose();
        optimizer.Dispose();
        Model.Dispose();
    }
}
