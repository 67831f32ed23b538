using System.CommandLine;
using System.Text.RegularExpressions;

namespace GatedLif.Cli.CommandLine;

/// <summary>What every command does with System.CommandLine: options declared the argparse way, help on request, one
/// usage error otherwise.</summary>
public static partial class CommandParsing
{
    public static bool AsksForHelp(IEnumerable<string> args) =>
        args.Any(a => a is "-h" or "--help" or "-?" or "--version");

    public static ParseResult ThrowOnErrors(ParseResult result) =>
        result.Errors.Count == 0
            ? result
            : throw new UsageException(
                string.Join(Environment.NewLine, result.Errors.Select(e => Reworded(e.Message)))
            );

    /// <summary>System.CommandLine's messages in the user's words: a value that does not parse names the kind of
    /// value expected instead of a .NET type.</summary>
    private static string Reworded(string message)
    {
        if (UnparsableValue().Match(message) is { Success: true } m)
            return $"{m.Groups["option"].Value}: '{m.Groups["value"].Value}' is not {Kind(m.Groups["type"].Value)}";
        if (MissingValue().Match(message) is { Success: true } missing)
            return $"{missing.Groups["option"].Value} needs a value";
        return message;
    }

    private static string Kind(string type) =>
        type switch
        {
            _ when type.Contains("System.Int32") || type.Contains("System.Int64") => "a whole number",
            _ when type.Contains("System.Double") || type.Contains("System.Single") => "a number",
            _ when type.Contains("System.Boolean") => "true or false",
            _ => "a valid value",
        };

    [GeneratedRegex(
        @"Cannot parse argument '(?<value>.*)' for option '(?<option>[^']+)' as expected type '(?<type>[^']+)'"
    )]
    private static partial Regex UnparsableValue();

    [GeneratedRegex(@"Required argument missing for option: '(?<option>[^']+)'")]
    private static partial Regex MissingValue();

    /// <summary>An option with its argparse default.</summary>
    public static Option<T> Value<T>(string name, T defaultValue, string description) =>
        new(name) { Description = description, DefaultValueFactory = _ => defaultValue };
}
