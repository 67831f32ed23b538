using System.CommandLine;
using GatedLif.Cli.Benchmarks;
using GatedLif.Cli.CommandLine;
using GatedLif.Cli.Hosting;
using TorchSharp;

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

    public static int Run(string[] args, CliConsole console)
    {
        var device = new Option<string?>("--device") { Description = "cpu, cuda or cuda:N (default: cuda when available, else cpu)." };
        var repeat = new Option<int>("--repeat") { Description = "Timed runs per measurement (median reported).", DefaultValueFactory = _ => 5 };
        var steps = new Option<int>("--t") { Description = "T of the ResNet-18 measurements.", DefaultValueFactory = _ => 2 };
        var batch = new Option<int>("--batch-size") { Description = "Batch of the ResNet-18 measurements.", DefaultValueFactory = _ => 16 };
        var amp = new Option<bool>("--amp") { Description = "Training step with --amp (mixed precision on CUDA)." };
        var skipUnrolled = new Option<bool>("--skip-unrolled") { Description = "Leave out the unrolled GLIF layer (slow)." };
        var results = new Option<string?>("--results") { Description = "On CUDA: also write the measurements to this file, one 'name<TAB>value<TAB>unit' line each, appended as each is made." };
        var resnetOnly = new Option<bool>("--resnet-only") { Description = "Leave out the GLIF layer: only the ResNet-18 measurements." };
        var profile = new Option<bool>("--profile") { Description = "Also time each operation of the ResNet-18 step on its own (a per-operation profile)." };
        var command = CommandTree.Subcommand(Name, "Speed and memory of the GLIF layer, and a ResNet-18 training step and evaluation for each convolution " +
                                      "implementation. On CUDA: its own set, each without and with --amp (see CudaBench).");
            foreach (var option in new Option[] { device, repeat, steps, batch, amp, skipUnrolled, results, resnetOnly, profile })
                command.Options.Add(option);
        if (CommandParsing.AsksForHelp(args))
            return CommandTree.Parse(command, args).Invoke(console.Invocation);
        var parsed = CommandParsing.ThrowOnErrors(CommandTree.Parse(command, args));
        int n = parsed.GetValue(repeat);
        if (n < 1) throw new UsageException($"--repeat must be at least 1 (got {n})");
        if (parsed.GetValue(steps) < 1 || parsed.GetValue(batch) < 1)
            throw new UsageException("--t and --batch-size must be at least 1");
        var resolved = DeviceChoice.Resolve(parsed.GetValue(device));
        if (resolved.type == DeviceType.CUDA)
        {
            var file = parsed.GetValue(results) is { } path ? new ResultsFile(path) : null;
            new CudaBench(resolved, n, console.Out, file).RunAll();
            return 0;
        }
        var bench = new CpuBench(resolved, n, console.Out);
        bench.Machine();
        if (!parsed.GetValue(resnetOnly))
            bench.GlifLayer(parsed.GetValue(skipUnrolled));
        bench.ResNet18(parsed.GetValue(steps), parsed.GetValue(batch), parsed.GetValue(amp), parsed.GetValue(profile));
        return 0;
    }
}
