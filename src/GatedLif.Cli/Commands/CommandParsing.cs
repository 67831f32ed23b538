using System.CommandLine;

namespace GatedLif.Cli.Commands;

/// <summary>What every command does with System.CommandLine: options declared the argparse way, help on request, one usage error otherwise.</summary>
public static class CommandParsing
{
    public static bool AsksForHelp(IEnumerable<string> args) => args.Any(a => a is "-h" or "--help" or "-?" or "--version");

    public static ParseResult ThrowOnErrors(ParseResult result) => result.Errors.Count == 0
        ? result
        : throw new UsageException(string.Join(Environment.NewLine, result.Errors.Select(e => e.Message)));

    /// <summary>An on/off option (argparse's <c>store_true</c>).</summary>
    public static Option<bool> Flag(string name, string description) => new(name) { Description = description };

    /// <summary>An option with its argparse default.</summary>
    public static Option<T> Value<T>(string name, T defaultValue, string description) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
    };
}
