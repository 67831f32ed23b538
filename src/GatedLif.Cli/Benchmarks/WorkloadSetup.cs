using GatedLif.Cli.Commands.Dvs;
using GatedLif.Cli.Commands.TrainPy;
using GatedLif.Data.Datasets;
using GatedLif.Data.Datasets.Dvs;
using GatedLif.Data.Transforms;
using GatedLif.Layers.Convolutions;
using GatedLif.Models.Networks;
using GatedLif.Training;
using GatedLif.Training.Optimization;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Cli.Benchmarks;

/// <summary>
/// A <see cref="Workload"/> as its front-end builds it: the network (seeded as the front-end seeds it, dense
/// convolutions, on the device), the optimiser over its parameter groups, and the inputs a training step and an
/// evaluation read: images <c>[B, 3, side, side]</c> that the network repeats over its T steps, or event counts
/// <c>[B, frames, 2, side, side]</c>, training on <see cref="TrainFrames"/> of the <see cref="Steps"/> frames.
/// </summary>
public sealed record WorkloadSetup(
    int Steps,
    int TrainFrames,
    int Batch,
    int Classes,
    bool Events,
    int Side,
    Func<Device, nn.Module<Tensor, Tensor>> Build,
    Func<nn.Module, IReadOnlyList<ParameterGroup>> Groups,
    OptimizerSettings Optimizer,
    bool ChunkedEvaluation
)
{
    public long[] TrainingShape => Shape(TrainFrames);

    public long[] EvaluationShape => Shape(Steps);

    private long[] Shape(int frames) =>
        Events ? [Batch, frames, SewResNet.InputChannels, Side, Side] : [Batch, RgbImage.Channels, Side, Side];

    /// <summary>Random inputs of <paramref name="shape"/>: normal images, or event counts 0..3 per pixel and
    /// polarity.</summary>
    public Tensor Draw(long[] shape, Generator generator) =>
        Events ? randint(0, 4, shape, generator: generator).to(float32) : empty(shape).normal_(0, 1, generator);

    /// <summary>Images per forward pass of the evaluation, as the front-end evaluates (Evaluator.ChunkFor for
    /// train.py's networks, whole batches for cifar10dvs/train.py's).</summary>
    public int? EvaluationChunk(Device device) => ChunkedEvaluation ? Evaluator.ChunkFor(device, Steps) : null;

    /// <summary>train.py's command line with <c>--t</c> and <c>--batch-size</c> overridden (the last of a repeated flag
    /// wins).</summary>
    public static WorkloadSetup TrainPy(IReadOnlyList<string> arguments, int? steps, int? batch)
    {
        var o = new TrainPyCommandLine().Parse([
            .. arguments,
            .. Override("--t", steps),
            .. Override("--batch-size", batch),
        ]);
        var spec = ModelSelection.From(o);
        return new WorkloadSetup(
            spec.Glif.TimeSteps,
            spec.Glif.TimeSteps,
            o.BatchSize,
            spec.Classes,
            Events: false,
            spec.Architecture.ImageNet ? new ImageNetEvalTransform().Side : CifarImageFormat.Side,
            device =>
            {
                manual_seed(o.Seed);
                return TrainPyRun.BuildModel(o, spec, ConvolutionImplementation.Dense, device);
            },
            model => TrainPyRun.ParameterGroupsOf(model, o, spec),
            TrainPyRun.OptimizerOf(o),
            ChunkedEvaluation: true
        );
    }

    /// <summary>
    /// cifar10dvs/train.py's command line with <c>-T</c> and <c>-b</c> overridden; a network that trains on fewer
    /// frames than it tests on (<c>-T_train</c>) keeps the same share of them at another T.
    /// </summary>
    public static WorkloadSetup Dvs(IReadOnlyList<string> arguments, int? steps, int? batch)
    {
        var commandLine = new DvsCommandLine();
        var given = commandLine.Parse(arguments);
        var trainOverride =
            steps is { } t && DvsRun.TrainFrames(given) is { } frames
                ? Override("-T_train", Math.Max(1, frames * t / given.T))
                : [];
        var o = DvsCommand.Validate(
            commandLine.Parse([.. arguments, .. Override("-T", steps), .. trainOverride, .. Override("-b", batch)])
        );
        // The frames' side: --dsr_da resizes them to 48x48; otherwise they keep the sensor's.
        int side = o.DsrDa ? DvsFrameTransform.DsrSize : AedatReader.Resolution;
        return new WorkloadSetup(
            o.T,
            DvsRun.TrainFrames(o) ?? o.T,
            o.B,
            DvsRun.Classes,
            Events: true,
            side,
            device => DvsRun.BuildModel(o, side, device).Model,
            model => DvsRun.ParameterGroupsOf(model, o),
            DvsRun.OptimizerOf(o),
            ChunkedEvaluation: false
        );
    }

    private static string[] Override(string flag, int? value) =>
        value is { } v ? [flag, v.ToString(System.Globalization.CultureInfo.InvariantCulture)] : [];
}
