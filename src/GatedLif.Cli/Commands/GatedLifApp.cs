using GatedLif.Checkpoints;
using GatedLif.Cli.CommandLine;
using GatedLif.Cli.Commands.Dvs;
using GatedLif.Cli.Commands.TrainPy;
using GatedLif.Cli.Hosting;
using GatedLif.Cli.Logging;
using GatedLif.Data.Datasets;
using GatedLif.Distributed;

namespace GatedLif.Cli.Commands;

/// <summary>Entry point: parses the command line, runs it, and turns failures into one clear message.</summary>
public static class GatedLifApp
{
    public const int Failure = 1;
    public const int UsageError = 2;

    /// <summary>A command of ours: its name, one line for the program's help, and what runs it.</summary>
    private sealed record Subcommand(string Name, string Summary, Func<string[], CliConsole, int> Run);

    /// <summary>Commands of ours; any other command line is train.py's.</summary>
    private static readonly Subcommand[] Subcommands =
    [
        new(DvsCommand.Name, DvsCommandLine.Description, DvsCommand.Run),
        new(InspectCommand.Name, InspectCommand.Summary, InspectCommand.Run),
        new(
            PlotCommand.Name,
            "Draw PNG figures of a training run (GLIF parameters, training curves) or of a checkpoint.",
            PlotCommand.Run
        ),
        new(FashionMnistCommand.Name, FashionMnistCommand.Summary, FashionMnistCommand.Run),
        new(
            BenchCommand.Name,
            "Measure speed and memory on this machine: the GLIF layer, a ResNet-18 training step, evaluation.",
            BenchCommand.Run
        ),
        new(ImageNetPipelineBenchCommand.Name, ImageNetPipelineBenchCommand.Summary, ImageNetPipelineBenchCommand.Run),
        new(Launching.LaunchCommand.Name, Launching.LaunchOptions.Summary, Launching.LaunchCommand.Run),
        new(
            CollectivesCheckCommand.Name,
            "Check this machine's collectives (all-reduce, broadcast, barrier) before a multi-process run.",
            CollectivesCheckCommand.Run
        ),
    ];

    /// <summary>
    /// One run of the program on <paramref name="args"/>, printing to <paramref name="console"/>; the exit code.
    /// Program.cs runs it on the process's console after setting up the process (OpenMP spin, threads, allocator);
    /// tests run it in-process on writers of their own.
    /// </summary>
    public static int Run(string[] args, CliConsole console)
    {
        bool verbose = args.Contains("--verbose");
        var command = args.Length > 0 ? Subcommands.FirstOrDefault(c => c.Name == args[0]) : null;
        try
        {
            if (command is not null)
                // The launcher passes its processes' arguments on as given, --verbose included; dvs takes it as a flag.
                return command.Run(
                    args[0] is Launching.LaunchCommand.Name or DvsCommand.Name
                        ? args[1..]
                        : args[1..].Where(a => a != "--verbose").ToArray(),
                    console
                );
            var commandLine = new TrainPyCommandLine();
            if (CommandParsing.AsksForHelp(args))
            {
                foreach (var subcommand in Subcommands)
                    commandLine.Command.Subcommands.Add(
                        new System.CommandLine.Command(subcommand.Name, subcommand.Summary)
                    );
                return commandLine.ParseRaw(args).Invoke(console.Invocation);
            }
            return TrainPyRun.Execute(commandLine.Parse(args), console);
        }
        catch (UsageException e)
        {
            Report(e, verbose, console.Error);
            console.Error.WriteLine(
                $"gatedlif: see 'scripts/gatedlif {(command is null ? "" : command.Name + " ")}--help' for the flags"
            );
            return UsageError;
        }
        catch (Exception e)
            when (e
                    is CheckpointException
                        or DatasetException
                        or NotImplementedYetException
                        or DistributedSetupException
                        or IOException
                        or UnauthorizedAccessException
            )
        {
            Report(e, verbose, console.Error);
            return Failure;
        }
        catch (Exception e)
        {
            // libtorch appends its C++ stack to the message; the first line is the part a user can act on.
            var message = e.Message.Split('\n')[0];
            ReferenceLog.Active?.Error($"internal error: {message}");
            console.Error.WriteLine($"gatedlif: internal error: {message}");
            if (verbose)
                console.Error.WriteLine(e);
            else
                console.Error.WriteLine("gatedlif: run again with --verbose for the stack trace");
            return Failure;
        }
    }

    private static void Report(Exception e, bool verbose, TextWriter error)
    {
        ReferenceLog.Active?.Error(e.Message);
        error.WriteLine($"gatedlif: error: {e.Message}");
        if (verbose)
            error.WriteLine(e.StackTrace);
    }
}
