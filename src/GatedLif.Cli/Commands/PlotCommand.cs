using System.CommandLine;
using GatedLif.Checkpoints;
using GatedLif.Cli.CommandLine;
using GatedLif.Cli.Hosting;
using GatedLif.Cli.Logging;
using GatedLif.Cli.Plotting;
using GatedLif.Cli.Summaries;
using GatedLif.Statistics;

namespace GatedLif.Cli.Commands;

/// <summary>
/// <c>gatedlif plot</c> (ours): PNG figures of a run from its GLIF parameter records
/// (<c>./summaries/{modeltag}/glif-params.json</c>) and its log: per-layer distributions of every GLIF parameter after
/// σ, their evolution over the epochs, and the training curves. With <c>--checkpoint</c>, the distributions of that
/// checkpoint alone; with <c>--spike-stats</c>, the per-layer firing rates and operations of a spike statistics file.
/// </summary>
public static class PlotCommand
{
    public const string Name = "plot";
    public const string Distributions = "glif-distributions.png";
    public const string Evolution = "glif-evolution.png";
    public const string Curves = "training-curves.png";
    public const string SpikeStats = "spike-stats.png";

    public static int Run(string[] args, CliConsole console)
    {
        var modelTag = new Option<string>("--modeltag")
        {
            DefaultValueFactory = _ => "SNN",
            Description = "The run's --modeltag.",
        };
        var summaries = new Option<string>("--summaries")
        {
            DefaultValueFactory = _ => TrainingSummaries.DefaultRoot,
            Description = "Folder holding {modeltag}/glif-params.json.",
        };
        var log = new Option<string?>("--log")
        {
            Description = "The run's log (a ./log/train-* file or captured output); default: the newest file in ./log.",
        };
        var checkpoint = new Option<string?>("--checkpoint")
        {
            Description = "Plot the GLIF parameters of this checkpoint instead of a run's records.",
        };
        var spikeStats = new Option<string?>("--spike-stats")
        {
            Description =
                "Plot the per-layer firing rates and operations of this spike-stats.json instead "
                + "(default --out: its folder).",
        };
        var epoch = new Option<int?>("--epoch")
        {
            Description = "Epoch whose distributions to plot (default: the last recorded).",
        };
        var output = new Option<string?>("--out")
        {
            Description = "Folder for the PNG files (default: ./figures/{modeltag} or ./figures/{checkpoint name}).",
        };
        var command = CommandTree.Subcommand(
            Name,
            "Draw PNG figures of a run's GLIF parameters and training curves, of a checkpoint's GLIF parameters, or "
                + "of a spike statistics file."
        );
        foreach (var option in new Option[] { modelTag, summaries, log, checkpoint, spikeStats, epoch, output })
            command.Options.Add(option);
        if (CommandParsing.AsksForHelp(args))
            return CommandTree.Parse(command, args).Invoke(console.Invocation);
        var parsed = CommandParsing.ThrowOnErrors(CommandTree.Parse(command, args));

        var checkpointPath = parsed.GetValue(checkpoint);
        var spikeStatsPath = parsed.GetValue(spikeStats);
        if (checkpointPath is not null && spikeStatsPath is not null)
            throw new UsageException("--checkpoint and --spike-stats: give one of them");
        var written =
            spikeStatsPath is not null ? FromSpikeStatistics(spikeStatsPath, parsed.GetValue(output))
            : checkpointPath is not null ? FromCheckpoint(checkpointPath, parsed.GetValue(output))
            : FromRun(
                parsed.GetValue(modelTag)!,
                parsed.GetValue(summaries)!,
                parsed.GetValue(log),
                parsed.GetValue(epoch),
                parsed.GetValue(output),
                console
            );
        foreach (var file in written)
            console.Out.WriteLine($"wrote {file}");
        return 0;
    }

    private static List<string> FromCheckpoint(string path, string? output)
    {
        using var checkpoint = TorchCheckpointReader.Read(path, TorchCheckpointReader.AnyScriptModelKeys);
        // DistributedDataParallel's 'module.' prefix (the published ImageNet model) is not part of the layer names.
        var layers = GlifParameterCapture.Layers(DataParallelKeys.Stripped(checkpoint.StateDict));
        if (layers.Count == 0)
            throw new CheckpointException($"{path}: holds no GLIF parameters (no key ends in '.gamma')");
        var name = Path.GetFileName(path);
        var folder = output ?? Path.Combine("figures", name);
        var file = Path.Combine(folder, Distributions);
        ParameterDistributionFigure.Save(file, layers, $"checkpoint {name}");
        return [file];
    }

    private static List<string> FromSpikeStatistics(string path, string? output)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: no such spike statistics file (--spike-stats)");
        var report = SpikeStatisticsFile.Read(path);
        var file = Path.Combine(output ?? Path.GetDirectoryName(Path.GetFullPath(path))!, SpikeStats);
        SpikeStatisticsFigure.Save(
            file,
            report,
            Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(path))) ?? path
        );
        return [file];
    }

    private static List<string> FromRun(
        string modelTag,
        string summaries,
        string? logPath,
        int? epoch,
        string? output,
        CliConsole console
    )
    {
        var recordsPath = Path.Combine(summaries, modelTag, GlifParameterRecordsFile.FileName);
        if (!File.Exists(recordsPath))
            throw new FileNotFoundException(
                $"{recordsPath}: no GLIF parameter records (train with --modeltag {modelTag} first, or pass "
                    + $"--summaries or --checkpoint)"
            );
        var records = GlifParameterRecordsFile.Read(recordsPath);
        if (records.Epochs.Count == 0)
            throw new InvalidDataException($"{recordsPath}: holds no epoch");
        var shown = epoch is { } wanted
            ? records.Epochs.FirstOrDefault(e => e.Epoch == wanted)
                ?? throw new UsageException(
                    $"--epoch {wanted}: {recordsPath} holds epochs "
                        + $"{string.Join(", ", records.Epochs.Select(e => e.Epoch))}"
                )
            : records.Epochs.MaxBy(e => e.Epoch)!;

        var folder = output ?? Path.Combine("figures", modelTag);
        var written = new List<string>();
        var distributions = Path.Combine(folder, Distributions);
        ParameterDistributionFigure.Save(
            distributions,
            shown.Layers,
            shown.Epoch == 0 ? $"{modelTag}, initial model" : $"{modelTag}, after epoch {shown.Epoch}"
        );
        written.Add(distributions);
        var evolution = Path.Combine(folder, Evolution);
        ParameterEvolutionFigure.Save(evolution, records);
        written.Add(evolution);

        logPath ??= NewestLog();
        if (logPath is null)
        {
            console.Error.WriteLine("gatedlif: no log in ./log (pass --log FILE); training curves not drawn");
            return written;
        }
        var log = ReferenceLogReader.Read(logPath);
        if (log.Train.Count == 0 && log.Test.Count == 0)
            throw new InvalidDataException($"{logPath}: no 'Train Epoch' or 'TEST Epoch' line");
        var curves = Path.Combine(folder, Curves);
        TrainingCurvesFigure.Save(curves, log, records);
        written.Add(curves);
        return written;
    }

    private static string? NewestLog() =>
        Directory.Exists("log")
            ? new DirectoryInfo("log")
                .EnumerateFiles("train-*")
                .OrderBy(f => f.LastWriteTimeUtc)
                .LastOrDefault()
                ?.FullName
            : null;
}
