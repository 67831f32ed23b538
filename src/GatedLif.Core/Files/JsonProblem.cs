using System.Globalization;
using System.Text.Json;

namespace GatedLif.Files;

/// <summary>
/// What is wrong with a JSON file, in words for the user: System.Text.Json's own messages name .NET types
/// ("could not be converted to System.Int64"), so only where the problem is comes from them.
/// </summary>
public static class JsonProblem
{
    public static string Describe(JsonException e)
    {
        string where = e.LineNumber is long line
            ? string.Create(CultureInfo.InvariantCulture, $" (line {line + 1}, byte {e.BytePositionInLine + 1})")
            : "";
        return string.IsNullOrEmpty(e.Path) || e.Path == "$"
            ? $"it is not JSON of the expected shape{where}"
            : $"the value at {e.Path} is not of the kind the format holds there{where}";
    }
}
