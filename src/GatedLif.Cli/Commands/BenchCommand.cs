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
/// same threads; with <c>--profile</c>, the step's time per operation. <c>--model NAME</c>: one workload of the
/// paper (<see cref="Workload"/>) on the CPU instead, its training step and evaluation for each <c>--conv-impl</c>;
/// <c>--list-models</c>: the workloads and what they run.
/// </summary>
public static class BenchCommand
{
    public const string Name = "bench";

    public static int Run(string[] args, CliConsole console)
    {
        var device = new Option<string?>("--device")
        {
            Description = "cpu, cuda or cuda:N (default: cuda when available, else cpu; with --model, cpu).",
        };
        var repeat = new Option<int>("--repeat")
        {
            Description = "Timed runs per measurement (median reported).",
            DefaultValueFactory = _ => 5,
        };
        var steps = new Option<int?>("--t")
        {
            Description = "T of the ResNet-18 or --model measurements (default: the workload's, 2 for ResNet-18).",
        };
        var batch = new Option<int?>("--batch-size")
        {
            Description = "Batch of the ResNet-18 or --model measurements (default: the workload's, 16 for ResNet-18).",
        };
        var amp = new Option<bool>("--amp") { Description = "Training step with --amp (mixed precision on CUDA)." };
        var skipUnrolled = new Option<bool>("--skip-unrolled")
        {
            Description = "Leave out the unrolled GLIF layer (slow).",
        };
        var results = new Option<string?>("--results")
        {
            Description =
                "On CUDA: also write the measurements to this file, one 'name<TAB>value<TAB>unit' line each, "
                + "appended as each is made.",
        };
        var resnetOnly = new Option<bool>("--resnet-only")
        {
            Description = "Leave out the GLIF layer: only the ResNet-18 measurements.",
        };
        var profile = new Option<bool>("--profile")
        {
            Description = "Also time each operation of the ResNet-18 step on its own (a per-operation profile).",
        };
        var model = new Option<string?>(Workload.Flag)
        {
            Description =
                $"Only this workload of the paper, on the CPU: {string.Join(", ", Workload.All.Select(w => w.Name))} "
                + $"(--list-models shows what each runs).",
        };
        var convImpl = new Option<string?>(ConvolutionImplementationFlag.Name)
        {
            Description =
                $"With {Workload.Flag}: only this convolution implementation, "
                + $"{string.Join(", ", ConvolutionImplementationFlag.Names)} (default: all three).",
        };
        var listModels = new Option<bool>("--list-models")
        {
            Description =
                "List the workloads of --model, one tab-separated line each (with --t and "
                + "--batch-size applied), and stop.",
        };
        var command = CommandTree.Subcommand(
            Name,
            "Speed and memory of the GLIF layer, and a ResNet-18 training step and evaluation for each convolution "
                + "implementation; with --model, one workload of the paper. On CUDA: its own set, each without and "
                + "with --amp (see CudaBench)."
        );
        foreach (
            var option in new Option[]
            {
                device,
                repeat,
                steps,
                batch,
                amp,
                skipUnrolled,
                results,
                resnetOnly,
                profile,
                model,
                convImpl,
                listModels,
            }
        )
            command.Options.Add(option);
        if (CommandParsing.AsksForHelp(args))
            return CommandTree.Parse(command, args).Invoke(console.Invocation);
        var parsed = CommandParsing.ThrowOnErrors(CommandTree.Parse(command, args));
        int n = parsed.GetValue(repeat);
        if (n < 1)
            throw new UsageException($"--repeat must be at least 1 (got {n})");
        if (parsed.GetValue(steps) is < 1 || parsed.GetValue(batch) is < 1)
            throw new UsageException("--t and --batch-size must be at least 1");
        if (parsed.GetValue(listModels))
        {
            ListModels(console.Out, parsed.GetValue(steps), parsed.GetValue(batch));
            return 0;
        }
        var workload = parsed.GetValue(model) is { } name ? Workload.Named(name) : null;
        if (workload is null && parsed.GetValue(convImpl) is not null)
            throw new UsageException(
                $"{ConvolutionImplementationFlag.Name} chooses the implementation of a {Workload.Flag} run; the "
                    + $"bench without it measures all three"
            );
        if (
            workload is not null
            && (parsed.GetValue(resnetOnly) || parsed.GetValue(skipUnrolled) || parsed.GetValue(profile))
        )
            throw new UsageException(
                $"{Workload.Flag} measures that workload alone; --resnet-only, --skip-unrolled and --profile belong "
                    + $"to the bench without it"
            );
        var resolved = DeviceChoice.Resolve(parsed.GetValue(device) ?? (workload is null ? null : "cpu"));
        if (resolved.type == DeviceType.CUDA)
        {
            if (workload is not null)
                throw new UsageException(
                    $"{Workload.Flag} runs on the CPU (--device cpu); on CUDA the bench measures its own set, "
                        + $"without {Workload.Flag}"
                );
            var file = parsed.GetValue(results) is { } path ? new ResultsFile(path) : null;
            new CudaBench(resolved, n, console.Out, file).RunAll();
            return 0;
        }
        var bench = new CpuBench(resolved, n, console.Out);
        bench.Machine();
        if (workload is not null)
        {
            var implementations = parsed.GetValue(convImpl) is { } chosen
                ? [ConvolutionImplementationFlag.Parse(chosen)]
                : CpuBench.Implementations;
            bench.Measure(
                workload,
                parsed.GetValue(steps),
                parsed.GetValue(batch),
                parsed.GetValue(amp),
                implementations
            );
            return 0;
        }
        if (!parsed.GetValue(resnetOnly))
            bench.GlifLayer(parsed.GetValue(skipUnrolled));
        bench.ResNet18(parsed.GetValue(steps), parsed.GetValue(batch), parsed.GetValue(amp), parsed.GetValue(profile));
        return 0;
    }

    /// <summary>
    /// One line per workload, tab-separated, under a heading line: name, T, frames a training step sees, batch,
    /// classes, input kind (images or events), training and evaluation input shapes, the reference command line.
    /// tests/parity/workload_speed.py reads it to give the reference the same settings.
    /// </summary>
    private static void ListModels(TextWriter output, int? steps, int? batch)
    {
        output.WriteLine(
            "model\tT\tT_train\tbatch\tclasses\tinput\ttraining input\tevaluation input\treference command line"
        );
        foreach (var workload in Workload.All)
        {
            var setup = workload.Setup(steps, batch);
            output.WriteLine(
                string.Join(
                    '\t',
                    workload.Name,
                    setup.Steps,
                    setup.TrainFrames,
                    setup.Batch,
                    setup.Classes,
                    setup.Events ? "events" : "images",
                    string.Join('x', setup.TrainingShape),
                    string.Join('x', setup.EvaluationShape),
                    workload.ReferenceCommand
                )
            );
        }
    }
}
