using System.Globalization;
using GatedLif.Cli.CommandLine;
using GatedLif.Cli.Logging;
using GatedLif.Layers.Convolutions;
using GatedLif.Layers.Convolutions.AutoTuning;
using GatedLif.Neurons;
using GatedLif.Statistics;
using GatedLif.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GatedLif.Cli.Benchmarks;

/// <summary>
/// <c>gatedlif bench</c> on the CPU (CudaBench has the CUDA set): the machine and thread count; one channel-wise GLIF
/// layer's forward+backward time and peak memory for each <c>--neuron-impl</c>; ResNet-18 channel-wise training
/// step and evaluation time for each <c>--conv-impl</c> with its firing rate, auto's choice and crossover densities
/// per layer, evaluation's extra time with spike statistics, and the dense step's achieved GFLOP/s against a
/// measured SGEMM peak on the same threads; with <c>--profile</c>, the step's time per operation. With
/// <c>--model</c>, one <see cref="Workload"/>'s training step and evaluation in the same format.
/// </summary>
public sealed class CpuBench(Device device, int repeat, TextWriter output)
{
    private void Line(InvariantText text) => output.WriteLine(text.ToString());

    public void Machine()
    {
        Line(
            $"machine: {MachineInfo.CpuModel()}, {MachineInfo.Cores} cores; libtorch threads: {get_num_threads()}; "
                + $"device: {device}"
        );
        Line($"timings: median of {repeat} runs after one warm-up; load average now {LoadAverage()}");
        Line(
            $"  (cpu/thr: the process's CPU seconds over the run divided by the {get_num_threads()} threads, an "
                + $"estimate for an idle machine)"
        );
    }

    /// <summary>[T=6, B=16, C=128, 32, 32], channel-wise soft gates, forward + backward.</summary>
    public void GlifLayer(bool skipUnrolled)
    {
        const int steps = 6,
            channels = 128;
        var generator = new Generator(1);
        using var x = (empty([steps, 16, channels, 32, 32]).normal_(0.5, 0.6, generator)).to(device);
        using var upstream = empty([steps, 16, channels, 32, 32]).normal_(0, 1, generator).to(device);
        Line($"GLIF layer CW soft [T=6, B=16, C=128, 32, 32] forward+backward:");
        var impls = new[]
        {
            NeuronImplementation.Fused,
            NeuronImplementation.FusedTensorOps,
            NeuronImplementation.Unrolled,
        }.Where(i => !(skipUnrolled && i == NeuronImplementation.Unrolled));
        var seconds = new Dictionary<NeuronImplementation, Measurements.Timing>();
        var bytes = new Dictionary<NeuronImplementation, long?>();
        foreach (var impl in impls)
        {
            using var neuron = new ChannelWiseGlif(
                channels,
                new GlifSettings(steps, GlifSettings.DefaultGates, SoftMode: true, Implementation: impl)
            );
            neuron.to(device);
            void Step()
            {
                using var scope = NewDisposeScope();
                var input = x.detach().requires_grad_();
                neuron.call(input).backward([upstream]);
                neuron.zero_grad();
            }
            seconds[impl] = Measurements.Median(repeat, Step);
            bytes[impl] = PeakMemory.Measure(Step);
            var memory = bytes[impl] is { } b ? $"{b / 1048576.0:F0} MiB" : "n/a (CPU only)";
            Line(
                $"  {impl, -15} {seconds[impl].Seconds * 1000, 8:F1} ms (cpu/thr "
                    + $"{PerThread(seconds[impl]) * 1000, 7:F1} ms)   peak memory added {memory}"
            );
        }
        if (seconds.TryGetValue(NeuronImplementation.Unrolled, out var unrolled))
        {
            var fused = seconds[NeuronImplementation.Fused];
            var speedup =
                $"{unrolled.Seconds / fused.Seconds:F1}x faster (cpu/thr {PerThread(unrolled) / PerThread(fused):F1}x)";
            var memoryRatio =
                bytes[NeuronImplementation.Fused] is { } f && bytes[NeuronImplementation.Unrolled] is { } u && u > 0
                    ? $"{(double)f / u:F2}"
                    : "n/a";
            Line($"  fused vs unrolled: {speedup}, memory ratio {memoryRatio} (goal: >= 3x, <= 0.5)");
        }
        Line(
            $"  (peak memory: process high-water mark over the call minus resident memory before it, the allocator's "
                + $"free memory returned first)"
        );
    }

    /// <summary>
    /// One workload's training step and evaluation (evaluation mode, no gradients, on all T frames) with each of
    /// <paramref name="implementations"/>, each with the firing rate its spike-input convolutions saw.
    /// </summary>
    public void Measure(
        Workload workload,
        int? steps,
        int? batch,
        bool amp,
        IEnumerable<ConvolutionImplementation> implementations
    )
    {
        using var run = new WorkloadRun(workload.Setup(steps, batch), device, amp);
        var chosen = implementations.ToList();
        // With one --conv-impl the process measures that implementation alone, peak memory included (the
        // side-by-side script reads it), so auto's kernel timings, which allocate, run only beside the others.
        bool probe = chosen.Count > 1;
        var measured = Measure(workload, run, chosen, probe);
        if (probe && measured.ContainsKey(ConvolutionImplementation.Auto))
            AutoChoices(run);
    }

    /// <summary>
    /// ResNet-18 channel-wise (the paper's CIFAR network): <see cref="Measure(Workload, int?, int?, bool,
    /// IEnumerable{ConvolutionImplementation})"/> with every implementation, then auto's choice per layer, evaluation's
    /// extra time with spike statistics, and the dense step's achieved GFLOP/s.
    /// </summary>
    public void ResNet18(int? steps, int? batch, bool amp, bool profile)
    {
        using var run = new WorkloadRun(Workload.ResNet18.Setup(steps, batch), device, amp);
        var model = run.Model;
        var denseStep = Measure(Workload.ResNet18, run, Implementations, probe: true)[ConvolutionImplementation.Dense];
        AutoChoices(run);

        ConvolutionRoutes.Use(model, ConvolutionImplementation.Dense);
        model.eval();
        // With and without statistics in turn, one batch each: the overhead is a few percent, below the drift of a
        // shared machine's speed between two separate measurements.
        var (wall, cpu) = Measurements.PairedRatio(
            repeat,
            () => run.Evaluate(1),
            () =>
            {
                using var statistics = SpikeStatisticsRecorder.Begin(model, run.Setup.Steps);
                run.Evaluate(1);
                statistics.End();
            }
        );
        Line(
            $"evaluation with spike statistics (dense convolutions): {100 * (wall - 1):F1}% longer (cpu "
                + $"{100 * (cpu - 1):F1}%; median of {repeat} pairs of one batch with and without; goal <= 10%)"
        );

        double forwardFlops;
        using (var one = run.TrainingInput.narrow(0, 0, 1))
            forwardFlops = FlopCounter.Forward(model, one) * run.Setup.Batch;
        double trainingFlops = 3 * forwardFlops;
        var sgemm = SgemmPeak();
        var achieved = trainingFlops / denseStep.Seconds / 1e9;
        Line(
            $"dense training step: {trainingFlops / 1e9:F1} GFLOP (convolutions and linear layers, forward x3) = "
                + $"{achieved:F1} GFLOP/s (cpu/thr: {trainingFlops / PerThread(denseStep) / 1e9:F1})"
        );
        Line(
            $"SGEMM peak (torch.mm float32, 2048² and 4096², best of {repeat} each): {sgemm:F1} GFLOP/s; the dense "
                + $"step reaches {100 * achieved / sgemm:F0}% of it"
        );
        if (profile)
            StepProfile.Print(model, run.TrainingInput, output, repeat);
    }

    private const int WarmUpSteps = 3;

    /// <summary>Every <c>--conv-impl</c>, in the order the bench measures them.</summary>
    public static IReadOnlyList<ConvolutionImplementation> Implementations { get; } =
    [ConvolutionImplementation.Dense, ConvolutionImplementation.Spike, ConvolutionImplementation.Auto];

    /// <summary>The heading and one line per implementation (one format for every workload, which scripts read);
    /// the training step's timing of each.</summary>
    private Dictionary<ConvolutionImplementation, Measurements.Timing> Measure(
        Workload workload,
        WorkloadRun run,
        IEnumerable<ConvolutionImplementation> implementations,
        bool probe
    )
    {
        var (model, setup) = (run.Model, run.Setup);
        int spikeLayers = ConvolutionRoutes.Of(model).Count;
        var frames = setup.TrainFrames == setup.Steps ? "" : $" (training on {setup.TrainFrames} frames)";
        Line(
            $"{workload.Title} T={setup.Steps}{frames} batch "
                + $"{setup.Batch}{(run.LowPrecision is { } d ? $" ({d} autocast)" : "")}, by "
                + $"{ConvolutionImplementationFlag.Name} (medians of {repeat} runs; firing rate: mean input "
                + $"density of the {spikeLayers} spike-input convolutions over one training step):"
        );
        var steps = new Dictionary<ConvolutionImplementation, Measurements.Timing>();
        foreach (var implementation in implementations)
        {
            ConvolutionRoutes.Use(model, implementation);
            model.train();
            // Untimed steps, the same for every implementation: the first steps of a process run slower
            // (allocator, oneDNN's primitive cache), by up to a third at 224x224. Auto decides in the first one;
            // the probes time both kernels on the input it decides from.
            ConvolutionRoutes.Probe(model, probe && implementation == ConvolutionImplementation.Auto);
            for (int i = 0; i < WarmUpSteps; i++)
                run.TrainStep();
            ConvolutionRoutes.MeasureDensity(model, true);
            run.TrainStep();
            ConvolutionRoutes.MeasureDensity(model, false);
            double rate = ConvolutionRoutes.MeanDensity(model);
            var step = Measurements.Median(repeat, run.TrainStep);
            var evaluation = Measurements.Median(1, () => run.Evaluate(repeat));
            steps[implementation] = step;
            Line(
                $"convolutions {ConvolutionImplementationFlag.NameOf(implementation)}: training step "
                    + $"{step.Seconds:F3} s (cpu/thr {PerThread(step):F3} s), evaluation "
                    + $"{evaluation.Seconds / repeat:F3} s per batch of {setup.Batch} "
                    + $"({repeat * setup.Batch / evaluation.Seconds:F1} images/s, cpu/thr "
                    + $"{PerThread(evaluation) / repeat:F3} s); firing rate {100 * rate:F1}%"
            );
        }
        return steps;
    }

    /// <summary>What auto decided per spike-input convolution against both kernels timed on this machine on the input
    /// it decided from (<see cref="Measure(Workload, WorkloadRun, IEnumerable{ConvolutionImplementation}, bool)"/>
    /// probes it), and what its plan costs in convolution time against the fastest plan per layer.</summary>
    private void AutoChoices(WorkloadRun run)
    {
        var model = run.Model;
        var layers = ConvolutionRoutes
            .Of(model)
            .Where(l => l.Route.Probe?.WeightGradient is not null && l.Route.Auto.Decision is not null)
            .ToList();
        Line(
            $"auto, per spike-input convolution: the input density it planned from; timed on this machine on the "
                + $"layer's input, dense / spike ms and the crossover density (where the spike kernel is as fast), "
                + $"forward | weight gradient; auto's crossovers (fixed, {LibTorchCpu.Capability}) and "
                + $"the plan it trains with"
        );
        double planned = 0,
            fastest = 0;
        var forward = new List<double>();
        var weightGradient = new List<double>();
        foreach (var (name, layer, route) in layers)
        {
            var (probe, decision) = (route.Probe!, route.Auto.Decision!);
            var (f, w) = (probe.Forward!, probe.WeightGradient!);
            var rule = CrossoverRule.For(layer.parameters().First().shape, LibTorchCpu.Capability);
            planned += probe.TrainingSeconds(decision.Training, decision.Density);
            fastest += Enum.GetValues<ConvolutionPlan>().Min(p => probe.TrainingSeconds(p, decision.Density));
            forward.Add(f.CrossoverDensity);
            weightGradient.Add(w.CrossoverDensity);
            Line(
                $"  {name, -26} {Describe(layer), -20} {100 * decision.Density, 5:F1}%   "
                    + $"{1000 * f.DenseSeconds, 6:F1} / {1000 * f.SpikeSeconds, 6:F1} ms  x "
                    + $"{Percent(f.CrossoverDensity), 6} | {1000 * w.DenseSeconds, 6:F1} / "
                    + $"{1000 * w.SpikeSeconds, 6:F1} ms  x {Percent(w.CrossoverDensity), 6}   auto x "
                    + $"{Percent(rule.Forward)} | {Percent(rule.WeightGradient)}: {decision.Training}"
            );
        }
        ConvolutionRoutes.Probe(model, false);
        if (layers.Count == 0)
            return;
        Line(
            $"crossover density on this machine, median over {layers.Count} layers (range): forward "
                + $"{Percent(Median(forward))} ({Percent(forward.Min())}-{Percent(forward.Max())}), weight gradient "
                + $"{Percent(Median(weightGradient))} "
                + $"({Percent(weightGradient.Min())}-{Percent(weightGradient.Max())})"
        );
        Line(
            $"auto's plans, timed here: {1000 * planned:F1} ms of forward and weight-gradient convolution per step "
                + $"against {1000 * fastest:F1} ms for the fastest plan per layer "
                + $"({100 * (planned / fastest - 1):F1}% more)"
        );
    }

    private static string Describe(nn.Module<Tensor, Tensor> layer) =>
        layer switch
        {
            Conv2d c => $"{c.in_channels}->{c.out_channels} {c.kernel_size[0]}x{c.kernel_size[1]}/{c.stride[0]}",
            Linear l => $"linear {l.weight!.shape[1]}->{l.weight.shape[0]}",
            _ => layer.GetName(),
        };

    private static string Percent(double fraction) =>
        double.IsPositiveInfinity(fraction)
            ? "inf"
            : (100 * fraction).ToString("F1", CultureInfo.InvariantCulture) + "%";

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1
            ? sorted[sorted.Length / 2]
            : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static double PerThread(Measurements.Timing t) => t.CpuSeconds / Math.Max(1, get_num_threads());

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    /// <summary>The best rate of torch.mm on square float32 matrices of two sizes, best of --repeat each.</summary>
    private double SgemmPeak()
    {
        double best = 0;
        foreach (var size in new[] { 2048, 4096 })
        {
            using var a = randn([size, size]).to(device);
            using var b = randn([size, size]).to(device);
            a.matmul(b).Dispose();
            for (int i = 0; i < repeat; i++)
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                a.matmul(b).Dispose();
                best = Math.Max(best, 2.0 * size * size * size / clock.Elapsed.TotalSeconds / 1e9);
            }
        }
        return best;
    }
}
