using System.Text;

namespace GatedLif.Data.Datasets.Pickling;

/// <summary>
/// Text in a CIFAR pickle may arrive as a C# string (Python 2 str, which Razorvine decodes as latin-1, or Python 3 str)
/// or as a byte[] (Python 3 bytes). Both are read as latin-1 so either spelling of a key matches.
/// </summary>
internal static class PickleText
{
    public static string? AsString(object? value) =>
        value switch
        {
            string s => s,
            byte[] b => Encoding.Latin1.GetString(b),
            _ => null,
        };
}
