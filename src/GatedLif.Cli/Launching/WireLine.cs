using System.Text;

namespace GatedLif.Cli.Launching;

/// <summary>
/// One line of the PMI-1 wire protocol, <c>cmd=NAME key=value ...</c>, newline-terminated, fields separated by
/// spaces and split at their first '=' (as MPICH's PMIU_parse_keyvals does). The launchers' own control lines use
/// the same form, with free text escaped so that it holds no space.
/// </summary>
public sealed class WireLine
{
    private readonly Dictionary<string, string> _fields;

    private WireLine(string command, Dictionary<string, string> fields)
    {
        Command = command;
        _fields = fields;
    }

    public string Command { get; }

    public static WireLine Parse(string line)
    {
        var fields = new Dictionary<string, string>();
        foreach (var field in line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = field.IndexOf('=');
            if (eq > 0)
                fields[field[..eq]] = field[(eq + 1)..];
        }
        return new WireLine(fields.GetValueOrDefault("cmd", ""), fields);
    }

    public string? Get(string key) => _fields.GetValueOrDefault(key);

    public int? GetInt(string key) => int.TryParse(Get(key), out int value) ? value : null;

    /// <summary>Free text of a control line (spaces and newlines escaped).</summary>
    public string GetText(string key) => Uri.UnescapeDataString(Get(key) ?? "");

    public static string Format(string command, params (string Key, object Value)[] fields)
    {
        var line = new StringBuilder("cmd=").Append(command);
        foreach (var (key, value) in fields)
            line.Append(' ').Append(key).Append('=').Append(value);
        return line.ToString();
    }

    public static string Text(string text) => Uri.EscapeDataString(text);
}
