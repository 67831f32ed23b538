using System.Globalization;
using GatedLif.Cli.Logging;
using GatedLif.Layers.Convolutions;
using GatedLif.Models;
using GatedLif.Models.Blocks;
using GatedLif.Neurons;
using GatedLif.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Cli.Benchmarks;

/// <summary>
/// <c>bench --device cuda</c>: the GPU measurements, each without and with --amp (float16 autocast and the
/// GradScaler; each operation in the dtype torch.cuda.amp gives it, AutocastPolicy): one channel-wise GLIF layer
/// forward+backward, fused and unrolled; a ResNet-18 channel-wise T = 2 batch-64 training step, and the float32 step
/// once more with TF32 off (what the default TF32 convolutions are worth); ResNet-18MS T = 6 evaluation images/s at
/// 224x224. The same measurements of the reference's PyTorch code (tests/parity/gpu_bench_reference.py) write the same
/// names, so scripts/gpu-check.sh can put them side by side; a <see cref="ResultsFile"/> gets each as it is made.
/// </summary>
public sealed class CudaBench(Device device, int repeat, TextWriter output, ResultsFile? results = null)
{
    /// <summary>One measurement: a name shared with the PyTorch script, its value and unit.</summary>
    public sealed record Result(string Name, double Value, string Unit, string Description);

    private readonly List<Result> _results = [];

    public void RunAll()
    {
        Line($"device: {device} ({cuda.device_count()} visible); timings: median of {repeat} runs after one warm-up");
        foreach (var amp in new[] { false, true })
        {
            GlifLayer(NeuronImplementation.Fused, amp);
            GlifLayer(NeuronImplementation.Unrolled, amp);
        }
        if (Value("glif_unrolled_ms") is { } unrolled && Value("glif_fused_ms") is { } fused)
            Line($"  fused vs unrolled: {unrolled / fused:F1}x faster (goal: >= 3x)");
        foreach (var amp in new[] { false, true })
            ResNet18TrainingStep(amp);
        using (Tf32.Off())
            ResNet18TrainingStep(amp: false, suffix: "_notf32", label: ", TF32 off");
        foreach (var amp in new[] { false, true })
            ResNet18MsEvaluation(amp);
    }

    /// <summary>[T=6, B=16, C=128, 32, 32], channel-wise soft gates, forward + backward (as the CPU bench's
    /// layer).</summary>
    private void GlifLayer(NeuronImplementation implementation, bool amp)
    {
        const int steps = 6,
            channels = 128;
        var generator = new Generator(1);
        using var x = empty([steps, 16, channels, 32, 32]).normal_(0.5, 0.6, generator).to(device);
        using var upstream = empty([steps, 16, channels, 32, 32]).normal_(0, 1, generator).to(device);
        using var neuron = new ChannelWiseGlif(
            channels,
            new GlifSettings(steps, GlifSettings.DefaultGates, SoftMode: true, Implementation: implementation)
        );
        neuron.to(device);
        var precision = MixedPrecision.For(amp, device);
        var time = Time(() =>
        {
            using var scope = NewDisposeScope();
            var input = x.detach().requires_grad_();
            using (precision.Autocast())
                neuron.call(input).backward([upstream]);
            neuron.zero_grad();
        });
        var name = implementation == NeuronImplementation.Fused ? "fused" : "unrolled";
        Add(
            $"glif_{name}{Suffix(amp)}_ms",
            time * 1000,
            "ms",
            $"GLIF layer CW [6,16,128,32,32] fwd+bwd, {name}{AmpLabel(amp)}"
        );
    }

    private void ResNet18TrainingStep(bool amp, string suffix = "", string label = "")
    {
        const int batch = 64;
        var spec = new ModelSpec(
            Architectures.ResNet18,
            NeuronKind.ChannelWise,
            10,
            new GlifSettings(2, GlifSettings.DefaultGates, SoftMode: true)
        );
        using var model = NetworkSetup.Place(ModelFactory.Create(spec), ConvolutionImplementation.Dense, device);
        model.train();
        using var optimizer = ParameterGroups.Sgd(
            ParameterGroups.For(model, 0.1, 4e-5, tunableLif: false, imageNet: false),
            0.9
        );
        var precision = MixedPrecision.For(amp, device);
        var generator = new Generator(2);
        using var images = empty([batch, 3, 32, 32]).normal_(0, 1, generator).to(device);
        using var labels = randint(10, [batch], generator: generator).to(device);
        var time = Time(() =>
        {
            using var scope = NewDisposeScope();
            TrainingStep.Run(precision, model, optimizer, images, labels, TrainingLoss.CrossEntropy);
        });
        Add(
            $"r18cw_t2_b64_step{Suffix(amp)}{suffix}_s",
            time,
            "s",
            $"ResNet-18 CW T=2 batch 64 training step{AmpLabel(amp)}{label}"
        );
    }

    private void ResNet18MsEvaluation(bool amp)
    {
        const int batch = 32,
            steps = 6;
        var spec = new ModelSpec(
            Architectures.ResNet18MS,
            NeuronKind.ChannelWise,
            1000,
            new GlifSettings(steps, GlifSettings.DefaultGates, SoftMode: true)
        );
        using var model = NetworkSetup.Place(ModelFactory.Create(spec), ConvolutionImplementation.Dense, device);
        var precision = MixedPrecision.For(amp, device);
        var generator = new Generator(3);
        using var images = empty([batch, 3, 224, 224]).normal_(0, 1, generator);
        using var labels = randint(1000, [batch], generator: generator);
        // The evaluator takes ownership of (and disposes) the batches it is given, as the data loader's.
        IEnumerable<(Tensor, Tensor)> Batches() => Enumerable.Range(0, 4).Select(_ => (images.clone(), labels.clone()));
        var time = Time(() =>
        {
            using (precision.Autocast())
                Evaluator.Run(model, Batches(), device, Evaluator.ChunkFor(device, steps));
        });
        Add(
            $"r18ms_t6_eval{Suffix(amp)}_images_per_s",
            4 * batch / time,
            "images/s",
            $"ResNet-18MS T=6 evaluation, 224x224, batches of {batch}{AmpLabel(amp)}"
        );
    }

    private double Time(Action action) => Measurements.Median(repeat, action, () => cuda.synchronize(device)).Seconds;

    private void Add(string name, double value, string unit, string description)
    {
        _results.Add(new Result(name, value, unit, description));
        results?.Append(name, value, unit);
        Line($"  {description}: {value:F3} {unit}   [{name}]");
    }

    private double? Value(string name) => _results.FirstOrDefault(r => r.Name == name)?.Value;

    private static string Suffix(bool amp) => amp ? "_amp" : "";

    private static string AmpLabel(bool amp) => amp ? ", --amp" : "";

    private void Line(InvariantText text) => output.WriteLine(text.ToString());
}
