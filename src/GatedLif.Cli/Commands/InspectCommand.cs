using System.Collections;
using System.CommandLine;
using System.Globalization;
using GatedLif.Checkpoints;
using GatedLif.Cli.CommandLine;
using GatedLif.Cli.Hosting;
using GatedLif.Cli.Logging;
using GatedLif.Layers;
using GatedLif.Models;
using GatedLif.Neurons;

namespace GatedLif.Cli.Commands;

/// <summary>
/// <c>gatedlif inspect CHECKPOINT</c> (ours): what a checkpoint holds — the architecture and flags its keys and
/// shapes match, T, classes, parameter count, the GLIF parameters of every layer after σ, and the training state
/// when it has one.
/// </summary>
public static class InspectCommand
{
    public const string Name = "inspect";
    public const string Summary =
        "Show what a checkpoint holds: the architecture and flags its keys match, T, training state, GLIF parameters.";

    public static int Run(string[] args, CliConsole console)
    {
        var path = new Argument<string>("checkpoint") { Description = "A file written by torch.save or by gatedlif." };
        var command = CommandTree.Subcommand(Name, Summary);
        command.Arguments.Add(path);
        if (CommandParsing.AsksForHelp(args))
            return CommandTree.Parse(command, args).Invoke(console.Invocation);
        if (args.Length == 0)
            throw new UsageException(
                "inspect needs the checkpoint file to describe: scripts/gatedlif inspect CHECKPOINT"
            );
        var parsed = CommandParsing.ThrowOnErrors(CommandTree.Parse(command, args));
        Describe(parsed.GetValue(path)!, console.Out);
        return 0;
    }

    /// <summary>Writes what the checkpoint <paramref name="file"/> holds to <paramref name="o"/>.</summary>
    public static void Describe(string file, TextWriter o)
    {
        using var checkpoint = TorchCheckpointReader.Read(file, TorchCheckpointReader.AnyScriptModelKeys);
        bool prefixed = DataParallelKeys.AllPrefixed(checkpoint.StateDict.Keys);
        var state = DataParallelKeys.Stripped(checkpoint.StateDict);
        var spec = ArchitectureRecognizer.Recognize(state.ToDictionary(e => e.Key, e => e.Value.shape));

        o.WriteLine($"checkpoint: {file}");
        o.WriteLine($"tensors: {state.Count}{(prefixed ? " (keys carry a 'module.' prefix)" : "")}");
        long total = state.Where(e => !IsBuffer(e.Key, state)).Sum(e => e.Value.numel());
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"parameters: {total:N0}"));
        if (
            spec is null
            && ArchitectureRecognizer.RecognizeDvs(state.ToDictionary(e => e.Key, e => e.Value.shape)) is { } dvs
        )
        {
            var side = dvs.Architecture.Input.Side;
            o.WriteLine($"architecture: {dvs.Architecture.Name} (CIFAR10-DVS, {side}x{side} input)");
            o.WriteLine(
                $"flags: {ArchitectureFlags.OfDvs(dvs.Architecture, dvs.TimeSteps)} (the weights do not record "
                    + $"-cnf{(dvs.TimeSteps is null ? " or T" : "")})"
            );
        }
        else if (spec is null)
        {
            o.WriteLine(
                "architecture: not one this version builds (keys or shapes match none of the CIFAR, ImageNet or "
                    + "CIFAR10-DVS networks)"
            );
        }
        else
        {
            o.WriteLine($"architecture: {spec.Describe()}");
            o.WriteLine(
                $"flags: {ArchitectureFlags.Of(spec)} (the weights do not record --soft-mode or --static-gate)"
            );
        }
        WriteTrainingState(o, checkpoint);
        WriteGlifSummary(o, state);
    }

    /// <summary>BatchNorm statistics and tdBN's Vth buffer are state, not parameters.</summary>
    private static bool IsBuffer(string key, IReadOnlyDictionary<string, TorchSharp.torch.Tensor> state)
    {
        var name = key[(key.LastIndexOf('.') + 1)..];
        var owner = key.Contains('.') ? key[..key.LastIndexOf('.')] : "";
        return TdBatchNorm.StateNames.Buffers.Contains(name)
            && state.ContainsKey($"{owner}.{TdBatchNorm.StateNames.RunningMean}");
    }

    private static void WriteTrainingState(TextWriter o, Checkpoint checkpoint)
    {
        var extra = checkpoint.Extra;
        if (!extra.TryGetValue("epoch", out var epoch) || epoch is null)
        {
            o.WriteLine("training state: none (weights only, as the reference saves them)");
            return;
        }
        var text = $"training state: after epoch {epoch}";
        if (extra.TryGetValue("best", out var best) && best is IDictionary b)
            text += string.Create(
                CultureInfo.InvariantCulture,
                $", best top-1 {Convert.ToDouble(b["acc"]):F6} in epoch {b["epoch"]}"
            );
        if (extra.TryGetValue("lr_scheduler", out var sched) && sched is IDictionary s && s["_last_lr"] is IList rates)
            text += $", learning rates {PythonFormat.ReprList(rates.Cast<object>().Select(Convert.ToDouble))}";
        if (extra.TryGetValue("max_test_acc", out var maxAcc) && maxAcc is not null)
            text += string.Create(CultureInfo.InvariantCulture, $", max test accuracy {Convert.ToDouble(maxAcc):F6}");
        if (extra.TryGetValue("seed", out var seed))
            text += $", seed {seed}";
        o.WriteLine(text);
    }

    private static void WriteGlifSummary(TextWriter o, IReadOnlyDictionary<string, TorchSharp.torch.Tensor> state)
    {
        var layers = state
            .Keys.Where(k => k.EndsWith("." + GlifParameter.Marker.Name, StringComparison.Ordinal))
            .Select(k => k[..k.LastIndexOf('.')])
            .Order(ModuleNameOrder.Comparer)
            .ToList();
        if (layers.Count == 0)
            return;
        o.WriteLine("GLIF parameters after sigmoid, mean over channels (and steps for conduct):");
        o.WriteLine("layer".PadRight(28) + string.Concat(GlifParameter.All.Select(q => q.Name.PadLeft(9))));
        foreach (var layer in layers)
        {
            var cells = GlifParameter.All.Select(q =>
                state.TryGetValue($"{layer}.{q.Name}", out var t)
                    ? t.to_type(TorchSharp.torch.float64)
                        .sigmoid()
                        .mean()
                        .item<double>()
                        .ToString("F4", CultureInfo.InvariantCulture)
                        .PadLeft(9)
                    : "-".PadLeft(9)
            );
            o.WriteLine(layer.PadRight(28) + string.Concat(cells));
        }
    }
}
