using System.CommandLine;
using System.Globalization;
using GatedLif.Cli.Benchmarks;
using GatedLif.Cli.CommandLine;
using GatedLif.Cli.Hosting;
using GatedLif.Layers;
using GatedLif.Layers.Convolutions;
using GatedLif.Models.Blocks;
using GatedLif.Models;
using GatedLif.Neurons;
using GatedLif.Statistics;
using GatedLif.Training;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Cli.Commands;

/// <summary>
/// <c>gatedlif bench</c> (ours): the machine and thread count; one channel-wise GLIF layer's forward+backward
/// time and peak memory for each <c>--neuron-impl</c>; ResNet-18 channel-wise training step and evaluation time
/// for each <c>--conv-impl</c> with its firing rate, auto's choice and crossover densities per layer, evaluation's
/// extra time with spike statistics, and the dense step's achieved GFLOP/s against a measured SGEMM peak on the
/// same threads; with <c>--profile</c>, the step's time per operation.
/// </summary>
public static class BenchCommand
{
    public const string Name = "bench";

    public static int Run(string[] args)
    {
        var device = new Option<string?>("--device") { Description = "cpu, cuda or cuda:N (default: cuda when available, else cpu)." };
        var repeat = new Option<int>("--repeat") { Description = "Timed runs per measurement (median reported).", DefaultValueFactory = _ => 5 };
        var steps = new Option<int>("--t") { Description = "T of the ResNet-18 measurements.", DefaultValueFactory = _ => 2 };
        var batch = new Option<int>("--batch-size") { Description = "Batch of the ResNet-18 measurements.", DefaultValueFactory = _ => 16 };
        var amp = new Option<bool>("--amp") { Description = "Training step with --amp (mixed precision on CUDA)." };
        var skipUnrolled = new Option<bool>("--skip-unrolled") { Description = "Leave out the unrolled GLIF layer (slow)." };
        var results = new Option<string?>("--results") { Description = "On CUDA: also write the measurements to this file, one 'name<TAB>value<TAB>unit' line each." };
        var resnetOnly = new Option<bool>("--resnet-only") { Description = "Leave out the GLIF layer: only the ResNet-18 measurements." };
        var profile = new Option<bool>("--profile") { Description = "Also time each operation of the ResNet-18 step on its own (a per-operation profile)." };
        var command = CommandTree.Subcommand(Name, "Speed and memory of the GLIF layer, and a ResNet-18 training step and evaluation for each convolution " +
                                      "implementation. On CUDA: its own set, each without and with --amp (see CudaBench).");
            foreach (var option in new Option[] { device, repeat, steps, batch, amp, skipUnrolled, results, resnetOnly, profile })
                command.Options.Add(option);
        if (CommandParsing.AsksForHelp(args))
            return CommandTree.Parse(command, args).Invoke();
        var parsed = CommandParsing.ThrowOnErrors(CommandTree.Parse(command, args));
        int n = parsed.GetValue(repeat);
        if (n < 1) throw new UsageException($"--repeat must be at least 1 (got {n})");
        if (parsed.GetValue(steps) < 1 || parsed.GetValue(batch) < 1)
            throw new UsageException("--t and --batch-size must be at least 1");
        var resolved = DeviceChoice.Resolve(parsed.GetValue(device));
        if (resolved.type == DeviceType.CUDA)
        {
            var gpu = new CudaBench(resolved, n);
            gpu.RunAll();
            if (parsed.GetValue(results) is { } file)
                gpu.WriteTable(file);
            return 0;
        }
        var bench = new Bench(resolved, n);
        bench.Machine();
        if (!parsed.GetValue(resnetOnly))
            bench.GlifLayer(parsed.GetValue(skipUnrolled));
        bench.ResNet18(parsed.GetValue(steps), parsed.GetValue(batch), parsed.GetValue(amp), parsed.GetValue(profile));
        return 0;
    }

    private sealed class Bench(Device device, int repeat)
    {
        private readonly bool _cuda = device.type == DeviceType.CUDA;

        private void Sync()
        {
            if (_cuda) cuda.synchronize(device);
        }

        private static void Line(FormattableString text) => Console.WriteLine(text.ToString(CultureInfo.InvariantCulture));

        public void Machine()
        {
            Line($"machine: {MachineInfo.CpuModel()}, {MachineInfo.Cores} cores; libtorch threads: {get_num_threads()}; device: {device}");
            Line($"timings: median of {repeat} runs after one warm-up; load average now {LoadAverage()}");
            Line($"  (cpu/thr: the process's CPU seconds over the run divided by the {get_num_threads()} threads, an estimate for an idle machine)");
        }

        /// <summary>[T=6, B=16, C=128, 32, 32], channel-wise soft gates, forward + backward.</summary>
        public void GlifLayer(bool skipUnrolled)
        {
            const int steps = 6, channels = 128;
            var generator = new Generator(1);
            using var x = (empty([steps, 16, channels, 32, 32]).normal_(0.5, 0.6, generator)).to(device);
            using var upstream = empty([steps, 16, channels, 32, 32]).normal_(0, 1, generator).to(device);
            Line($"GLIF layer CW soft [T=6, B=16, C=128, 32, 32] forward+backward:");
            var impls = new[] { NeuronImplementation.Fused, NeuronImplementation.FusedTensorOps, NeuronImplementation.Unrolled }
                .Where(i => !(skipUnrolled && i == NeuronImplementation.Unrolled));
            var seconds = new Dictionary<NeuronImplementation, Measurements.Timing>();
            var bytes = new Dictionary<NeuronImplementation, long?>();
            foreach (var impl in impls)
            {
                using var neuron = new ChannelWiseGlif(channels,
                    new GlifSettings(steps, GlifSettings.DefaultGates, SoftMode: true, Implementation: impl));
                neuron.to(device);
                void Step()
                {
                    using var scope = NewDisposeScope();
                    var input = x.detach().requires_grad_();
                    neuron.call(input).backward([upstream]);
                    neuron.zero_grad();
                }
                seconds[impl] = Measurements.Median(repeat, Step, Sync);
                bytes[impl] = _cuda ? null : PeakMemory.Measure(Step);
                var memory = bytes[impl] is { } b ? $"{b / 1048576.0:F0} MiB" : "n/a (CPU only)";
                Line($"  {impl,-15} {seconds[impl].Seconds * 1000,8:F1} ms (cpu/thr {PerThread(seconds[impl]) * 1000,7:F1} ms)   peak memory added {memory}");
            }
            if (seconds.TryGetValue(NeuronImplementation.Unrolled, out var unrolled))
            {
                var fused = seconds[NeuronImplementation.Fused];
                var speedup = $"{unrolled.Seconds / fused.Seconds:F1}x faster (cpu/thr {PerThread(unrolled) / PerThread(fused):F1}x)";
                var memoryRatio = bytes[NeuronImplementation.Fused] is { } f && bytes[NeuronImplementation.Unrolled] is { } u && u > 0
                    ? $"{(double)f / u:F2}" : "n/a";
                Line($"  fused vs unrolled: {speedup}, memory ratio {memoryRatio} (goal: >= 3x, <= 0.5)");
            }
            Line($"  (peak memory: process high-water mark over the call minus resident memory before it, glibc free lists trimmed)");
        }

        /// <summary>
        /// ResNet-18 channel-wise (the paper's CIFAR network): training step and evaluation with each convolution
        /// implementation, each with the firing rate its spike-input convolutions saw; auto's choice per layer; and
        /// the dense step's achieved GFLOP/s.
        /// </summary>
        public void ResNet18(int steps, int batch, bool amp, bool profile)
        {
            var spec = new ModelSpec(Architecture.ResNet18, NeuronKind.ChannelWise, 10,
                new GlifSettings(steps, GlifSettings.DefaultGates, SoftMode: true));
            using var model = NetworkSetup.Place(ModelFactory.Create(spec), ConvolutionImplementation.Dense, device);
            var groups = ParameterGroups.For(model, 0.1, 4e-5, tunableLif: false, imageNet: false);
            using var optimizer = ParameterGroups.Sgd(groups, 0.9);
            var precision = MixedPrecision.For(amp, device);
            var generator = new Generator(2);
            using var images = empty([batch, 3, 32, 32]).normal_(0, 1, generator).to(device);
            using var labels = randint(10, [batch], generator: generator).to(device);
            double forwardFlops;
            using (var one = images.narrow(0, 0, 1))
                forwardFlops = FlopCounter.Forward(model, one) * batch;

            void TrainStep()
            {
                using var scope = NewDisposeScope();
                optimizer.zero_grad();
                Tensor loss;
                using (precision.Autocast())
                    loss = nn.functional.cross_entropy(AutocastPolicy.CastFor(AutocastOperation.CrossEntropy, model.call(images)), labels);
                precision.Scaler.ScaleLoss(loss).backward();
                precision.Scaler.Step(() => optimizer.step(), model.parameters());
                precision.Scaler.Update();
            }
            // The evaluator takes ownership of (and disposes) the batches it is given, as the data loader's.
            IEnumerable<(Tensor, Tensor)> Batches(int count) =>
                Enumerable.Range(0, count).Select(_ => (images.cpu().clone(), labels.cpu().clone()));

            int spikeLayers = ConvolutionRoutes.Of(model).Count;
            Line($"ResNet-18 CW T={steps} batch {batch}{(precision.LowPrecision is { } d ? $" ({d} autocast)" : "")}, by {ConvolutionImplementationFlag.Name} (medians of {repeat} runs; firing rate: mean input density of the {spikeLayers} spike-input convolutions over one training step):");
            Measurements.Timing? denseStep = null;
            foreach (var implementation in new[] { ConvolutionImplementation.Dense, ConvolutionImplementation.Spike, ConvolutionImplementation.Auto })
            {
                ConvolutionRoutes.Use(model, implementation);
                model.train();
                // Auto observes its first calls and times both kernels in the next one; that happens here, untimed.
                if (implementation == ConvolutionImplementation.Auto)
                    for (int i = 0; i <= AutoChoice.ObservedCalls; i++)
                        TrainStep();
                ConvolutionRoutes.MeasureDensity(model, true);
                TrainStep();
                ConvolutionRoutes.MeasureDensity(model, false);
                double rate = ConvolutionRoutes.MeanDensity(model);
                var step = Measurements.Median(repeat, TrainStep, Sync);
                var evaluation = Measurements.Median(1, () => Evaluator.Run(model, Batches(repeat), device, Evaluator.ChunkFor(device, steps)), Sync);
                denseStep ??= step;
                Line($"convolutions {ConvolutionImplementationFlag.NameOf(implementation)}: training step {step.Seconds:F3} s (cpu/thr {PerThread(step):F3} s), evaluation {evaluation.Seconds / repeat:F3} s per batch of {batch} ({repeat * batch / evaluation.Seconds:F1} images/s, cpu/thr {PerThread(evaluation) / repeat:F3} s); firing rate {100 * rate:F1}%");
            }
            if (_cuda)
                Line($"  (on CUDA every convolution runs dense: the spike kernel is float32 CPU code)");
            AutoChoices(model);

            ConvolutionRoutes.Use(model, ConvolutionImplementation.Dense);
            model.eval();
            // With and without statistics in turn, one batch each: the overhead is a few percent, below the drift of a
            // shared machine's speed between two separate measurements.
            var (wall, cpu) = Measurements.PairedRatio(repeat,
                () => Evaluator.Run(model, Batches(1), device, Evaluator.ChunkFor(device, steps)),
                () =>
                {
                    using var statistics = SpikeStatistics.Begin(model, steps);
                    Evaluator.Run(model, Batches(1), device, Evaluator.ChunkFor(device, steps));
                    statistics.End();
                }, Sync);
            Line($"evaluation with spike statistics (dense convolutions): {100 * (wall - 1):F1}% longer (cpu {100 * (cpu - 1):F1}%; median of {repeat} pairs of one batch with and without; goal <= 10%)");

            double trainingFlops = 3 * forwardFlops;
            var sgemm = SgemmPeak();
            var achieved = trainingFlops / denseStep!.Value.Seconds / 1e9;
            Line($"dense training step: {trainingFlops / 1e9:F1} GFLOP (convolutions and linear layers, forward x3) = {achieved:F1} GFLOP/s (cpu/thr: {trainingFlops / PerThread(denseStep.Value) / 1e9:F1})");
            Line($"SGEMM peak (torch.mm float32, 2048² and 4096², best of {repeat} each): {sgemm:F1} GFLOP/s; the dense step reaches {100 * achieved / sgemm:F0}% of it");
            if (profile)
                StepProfile.Print(model, images, Line, repeat);
        }

        /// <summary>What auto chose per spike-input convolution, with the densities and timings it chose by, and the
        /// crossover densities over all of them.</summary>
        private static void AutoChoices(nn.Module model)
        {
            var layers = ConvolutionRoutes.Of(model);
            Line($"auto, per spike-input convolution: input density over its first {AutoChoice.ObservedCalls} calls; dense / spike ms and the crossover density (where the spike kernel is as fast), forward | weight gradient; the plan it trains with");
            foreach (var (name, layer, route) in layers)
            {
                var (f, w) = (route.Auto.Forward, route.Auto.WeightGradient);
                if (f is null || w is null) continue;
                Line($"  {name,-26} {Describe(layer),-20} {100 * route.Auto.ObservedDensity,5:F1}%   {1000 * f.DenseSeconds,6:F1} / {1000 * f.SpikeSeconds,6:F1} ms  x {Percent(f.CrossoverDensity),6} | {1000 * w.DenseSeconds,6:F1} / {1000 * w.SpikeSeconds,6:F1} ms  x {Percent(w.CrossoverDensity),6}   {route.Auto.TrainingPlan}");
            }
            var timed = layers.Where(l => l.Route.Auto.Forward is not null && l.Route.Auto.WeightGradient is not null).ToList();
            if (timed.Count == 0) return;
            Line($"crossover density on this machine, median over {timed.Count} layers (range): forward {Percent(Median(timed.Select(l => l.Route.Auto.Forward!.CrossoverDensity)))} ({Percent(timed.Min(l => l.Route.Auto.Forward!.CrossoverDensity))}-{Percent(timed.Max(l => l.Route.Auto.Forward!.CrossoverDensity))}), weight gradient {Percent(Median(timed.Select(l => l.Route.Auto.WeightGradient!.CrossoverDensity)))} ({Percent(timed.Min(l => l.Route.Auto.WeightGradient!.CrossoverDensity))}-{Percent(timed.Max(l => l.Route.Auto.WeightGradient!.CrossoverDensity))})");
        }

        private static string Describe(nn.Module<Tensor, Tensor> layer) => layer switch
        {
            Conv2d c => $"{c.in_channels}->{c.out_channels} {c.kernel_size[0]}x{c.kernel_size[1]}/{c.stride[0]}",
            Linear l => $"linear {l.weight!.shape[1]}->{l.weight.shape[0]}",
            _ => layer.GetName(),
        };

        private static string Percent(double fraction) =>
            double.IsPositiveInfinity(fraction) ? "inf" : (100 * fraction).ToString("F1", CultureInfo.InvariantCulture) + "%";

        private static double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        }

        private static double PerThread(Measurements.Timing t) => t.CpuSeconds / Math.Max(1, get_num_threads());

        private static string LoadAverage() => File.Exists("/proc/loadavg")
            ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3))
            : "n/a";

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
                    Sync();
                    var clock = System.Diagnostics.Stopwatch.StartNew();
                    a.matmul(b).Dispose();
                    Sync();
                    best = Math.Max(best, 2.0 * size * size * size / clock.Elapsed.TotalSeconds / 1e9);
                }
            }
            return best;
        }
    }
}
