using System.Text.Json;
using GatedLif.Files;

namespace GatedLif.Cli.Summaries;

/// <summary>Reads and writes <see cref="GlifParameterRecords"/> as JSON; a write replaces the file
/// atomically.</summary>
public static class GlifParameterRecordsFile
{
    public const string FileName = "glif-params.json";

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = false };

    public static void Write(string path, GlifParameterRecords records) => JsonFile.Write(path, records, Options);

    /// <exception cref="InvalidDataException">The file is not a records file of this format.</exception>
    public static GlifParameterRecords Read(string path)
    {
        var records = JsonFile.Read<GlifParameterRecords>(path, Options, "a GLIF parameter records file");
        if (records?.Format != GlifParameterRecords.CurrentFormat || records.Epochs is null)
            throw new InvalidDataException(
                $"{path}: not a GLIF parameter records file (format '{records?.Format}', expected "
                    + $"'{GlifParameterRecords.CurrentFormat}')"
            );
        return records;
    }
}
