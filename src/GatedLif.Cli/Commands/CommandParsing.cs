using System.CommandLine;

namespace GatedLif.Cli.Commands;

/// <summary>What every command does with System.CommandLine's result: help on request, one usage error otherwise.</summary>
public static class CommandParsing
{
    public static bool AsksForHelp(IEnumerable<string> args) => args.Any(a => a is "-h" or "--help" or "-?" or "--version");

    public static ParseResult ThrowOnErrors(ParseResult result) => result.Errors.Count == 0
        ? result
        : throw new UsageException(string.Join(Environment.NewLine, result.Errors.Select(e => e.Message)));
}
