using GatedLif.Checkpoints;
using GatedLif.Data.Datasets;

namespace GatedLif.Cli.Commands;

/// <summary>Entry point: parses the command line, runs it, and turns failures into one clear message.</summary>
public static class GatedLifApp
{
    public const int Failure = 1;
    public const int UsageError = 2;

    public static int Run(string[] args)
    {
        bool verbose = args.Contains("--verbose");
        var commandLine = new TrainCommandLine();
        try
        {
            if (args.Length > 0 && args[0] == FashionMnistCommand.Name)
                return FashionMnistCommand.Run(args[1..]);
            if (args.Length > 0 && args[0] == InspectCommand.Name)
                return InspectCommand.Run(args[1..]);
            var parsed = commandLine.ParseRaw(args);
            if (IsHelpOrVersion(args))
                return parsed.Invoke();
            if (parsed.Errors.Count > 0)
                throw new UsageException(string.Join(Environment.NewLine, parsed.Errors.Select(e => e.Message)));
            return ReferenceRun.Execute(commandLine.Bind(parsed));
        }
        catch (UsageException e)
        {
            Report(e, verbose);
            Console.Error.WriteLine("gatedlif: see 'scripts/gatedlif --help' for the flags");
            return UsageError;
        }
        catch (Exception e) when (e is CheckpointException or DatasetException or NotImplementedYetException
                                      or IOException or UnauthorizedAccessException)
        {
            Report(e, verbose);
            return Failure;
        }
        catch (Exception e)
        {
            // libtorch appends its C++ stack to the message; the first line is the part a user can act on.
            Console.Error.WriteLine($"gatedlif: internal error: {e.Message.Split('\n')[0]}");
            if (verbose) Console.Error.WriteLine(e);
            else Console.Error.WriteLine("gatedlif: run again with --verbose for the stack trace");
            return Failure;
        }
    }

    private static bool IsHelpOrVersion(string[] args) =>
        args.Any(a => a is "-h" or "--help" or "-?" or "--version");

    private static void Report(Exception e, bool verbose)
    {
        Console.Error.WriteLine($"gatedlif: error: {e.Message}");
        if (verbose) Console.Error.WriteLine(e);
    }
}
