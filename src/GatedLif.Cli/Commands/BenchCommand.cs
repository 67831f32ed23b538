using System.CommandLine;
using System.Globalization;
using GatedLif.Cli.Benchmarks;
using GatedLif.Models;
using GatedLif.Models.Blocks;
using GatedLif.Neurons;
using GatedLif.Statistics;
using GatedLif.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Cli.Commands;

/// <summary>
/// <c>gatedlif bench</c> (ours): the machine and thread count; one channel-wise GLIF layer's forward+backward
/// time and peak memory for each <c>--neuron-impl</c>; ResNet-18 channel-wise training step time, evaluation
/// images/s without and with spike statistics, and the step's achieved GFLOP/s against a measured SGEMM peak on the
/// same threads.
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
        var command = new RootCommand("Speed and memory of the GLIF layer, a ResNet-18 training step and evaluation.")
            { device, repeat, steps, batch, amp, skipUnrolled };
        if (CommandParsing.AsksForHelp(args))
            return command.Parse(args).Invoke();
        var parsed = CommandParsing.ThrowOnErrors(command.Parse(args));
        int n = parsed.GetValue(repeat);
        if (n < 1) throw new UsageException($"--repeat must be at least 1 (got {n})");
        if (parsed.GetValue(steps) < 1 || parsed.GetValue(batch) < 1)
            throw new UsageException("--t and --batch-size must be at least 1");
        var bench = new Bench(DeviceChoice.Resolve(parsed.GetValue(device)), n);
        bench.Machine();
        bench.GlifLayer(parsed.GetValue(skipUnrolled));
        bench.ResNet18(parsed.GetValue(steps), parsed.GetValue(batch), parsed.GetValue(amp));
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

        /// <summary>ResNet-18 channel-wise (the paper's CIFAR network), training step and evaluation.</summary>
        public void ResNet18(int steps, int batch, bool amp)
        {
            var spec = new ModelSpec(Architecture.ResNet18, NeuronKind.ChannelWise, 10,
                new GlifSettings(steps, GlifSettings.DefaultGates, SoftMode: true));
            using var model = ModelFactory.Create(spec);
            model.to(device);
            var groups = ParameterGroups.For(model, 0.1, 4e-5, tunableLif: false, imageNet: false);
            using var optimizer = ParameterGroups.Sgd(groups, 0.9);
            var precision = MixedPrecision.For(amp, device);
            var generator = new Generator(2);
            using var images = empty([batch, 3, 32, 32]).normal_(0, 1, generator).to(device);
            using var labels = randint(10, [batch], generator: generator).to(device);
            double forwardFlops;
            using (var one = images.narrow(0, 0, 1))
                forwardFlops = FlopCounter.Forward(model, one) * batch;

            model.train();
            void TrainStep()
            {
                using var scope = NewDisposeScope();
                optimizer.zero_grad();
                Tensor loss;
                using (precision.Autocast())
                    loss = nn.functional.cross_entropy(model.call(images), labels);
                precision.Scaler.ScaleLoss(loss).backward();
                precision.Scaler.Step(() => optimizer.step(), model.parameters());
                precision.Scaler.Update();
            }
            var step = Measurements.Median(repeat, TrainStep, Sync);
            Line($"ResNet-18 CW T={steps} batch {batch} training step{(precision.LowPrecision is { } d ? $" ({d} autocast)" : "")}: {step.Seconds:F3} s (cpu/thr {PerThread(step):F3} s; goal <= 2 s on the 2-core CPU; reference ~5 s)");

            // The evaluator takes ownership of (and disposes) the batches it is given, as the data loader's.
            IEnumerable<(Tensor, Tensor)> Batches(int count) =>
                Enumerable.Range(0, count).Select(_ => (images.cpu().clone(), labels.cpu().clone()));
            var evaluation = Measurements.Median(1, () => Evaluator.Run(model, Batches(repeat), device, steps), Sync);
            Line($"evaluation: {repeat * batch / evaluation.Seconds:F1} images/s (cpu/thr {repeat * batch / PerThread(evaluation):F1}; {evaluation.Seconds / repeat:F3} s per batch of {batch}; reference 1.3 s per 16 images at T=2 = 12.3 images/s)");
            // With and without statistics in turn, one batch each: the overhead is a few percent, below the drift of a
            // shared machine's speed between two separate measurements.
            var (wall, cpu) = Measurements.PairedRatio(repeat,
                () => Evaluator.Run(model, Batches(1), device, steps),
                () =>
                {
                    using var statistics = SpikeStatistics.Begin(model, steps);
                    Evaluator.Run(model, Batches(1), device, steps);
                    statistics.End();
                }, Sync);
            Line($"evaluation with spike statistics: {100 * (wall - 1):F1}% longer (cpu {100 * (cpu - 1):F1}%; median of {repeat} pairs of one batch with and without; goal <= 10%)");

            double trainingFlops = 3 * forwardFlops;
            var sgemm = SgemmPeak();
            var achieved = trainingFlops / step.Seconds / 1e9;
            Line($"training step: {trainingFlops / 1e9:F1} GFLOP (convolutions and linear layers, forward x3) = {achieved:F1} GFLOP/s (cpu/thr: {trainingFlops / PerThread(step) / 1e9:F1})");
            Line($"SGEMM peak (torch.mm float32, 2048² and 4096², best of {repeat} each): {sgemm:F1} GFLOP/s; the step reaches {100 * achieved / sgemm:F0}% of it (goal >= 40%)");
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
