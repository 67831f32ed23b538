using GatedLif.Checkpoints;
using GatedLif.Cli.Commands.Dvs;
using GatedLif.Cli.Commands.TrainPy;
using GatedLif.Cli.Logging;
using GatedLif.Data.Datasets;
using GatedLif.Distributed;

namespace GatedLif.Cli.Commands;

/// <summary>Entry point: parses the command line, runs it, and turns failures into one clear message.</summary>
public static class GatedLifApp
{
    public const int Failure = 1;
    public const int UsageError = 2;

    /// <summary>Commands of ours; any other command line is train.py's.</summary>
    private static readonly Dictionary<string, Func<string[], int>> Subcommands = new()
    {
        [FashionMnistCommand.Name] = FashionMnistCommand.Run,
        [InspectCommand.Name] = InspectCommand.Run,
        [ImageNetPipelineBenchCommand.Name] = ImageNetPipelineBenchCommand.Run,
        [DvsCommand.Name] = DvsCommand.Run,
        [PlotCommand.Name] = PlotCommand.Run,
        [BenchCommand.Name] = BenchCommand.Run,
        [CollectivesCheckCommand.Name] = CollectivesCheckCommand.Run,
        [Launching.LaunchCommand.Name] = Launching.LaunchCommand.Run,
    };

    public static int Run(string[] args)
    {
        bool verbose = args.Contains("--verbose");
        var commandLine = new TrainCommandLine();
        try
        {
            ComputeThreads.FitToCores();
            NativeAllocator.KeepFreedMemory();
            if (args.Length > 0 && Subcommands.TryGetValue(args[0], out var subcommand))
                // The launcher passes its processes' arguments on as given, --verbose included; dvs takes it as a flag.
                return subcommand(args[0] is Launching.LaunchCommand.Name or DvsCommand.Name
                    ? args[1..]
                    : args[1..].Where(a => a != "--verbose").ToArray());
            if (CommandParsing.AsksForHelp(args))
                return commandLine.ParseRaw(args).Invoke();
            return TrainPyRun.Execute(commandLine.Parse(args));
        }
        catch (UsageException e)
        {
            Report(e, verbose);
            Console.Error.WriteLine("gatedlif: see 'scripts/gatedlif --help' for the flags");
            return UsageError;
        }
        catch (Exception e) when (e is CheckpointException or DatasetException or NotImplementedYetException or DistributedSetupException
                                      or IOException or UnauthorizedAccessException)
        {
            Report(e, verbose);
            return Failure;
        }
        catch (Exception e)
        {
            // libtorch appends its C++ stack to the message; the first line is the part a user can act on.
            var message = e.Message.Split('\n')[0];
            ReferenceLog.Active?.Error($"internal error: {message}");
            Console.Error.WriteLine($"gatedlif: internal error: {message}");
            if (verbose) Console.Error.WriteLine(e);
            else Console.Error.WriteLine("gatedlif: run again with --verbose for the stack trace");
            return Failure;
        }
    }

    private static void Report(Exception e, bool verbose)
    {
        ReferenceLog.Active?.Error(e.Message);
        Console.Error.WriteLine($"gatedlif: error: {e.Message}");
        if (verbose) Console.Error.WriteLine(e.StackTrace);
    }
}
