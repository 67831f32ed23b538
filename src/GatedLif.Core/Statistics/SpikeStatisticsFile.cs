using System.Text.Json;
using GatedLif.Files;

namespace GatedLif.Statistics;

/// <summary>
/// Reads and writes <see cref="SpikeStatisticsReport"/> as JSON (<c>&lt;run&gt;/spike-stats.json</c>); a write
/// replaces the file atomically.
/// </summary>
public static class SpikeStatisticsFile
{
    public const string FileName = "spike-stats.json";

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public static void Write(string path, SpikeStatisticsReport report) => JsonFile.Write(path, report, Options);

    /// <summary>Writes <see cref="FileName"/> into a run's folder; returns its path.</summary>
    public static string WriteInto(string folder, SpikeStatisticsReport report)
    {
        var path = Path.Combine(folder, FileName);
        Write(path, report);
        return path;
    }

    /// <exception cref="InvalidDataException">The file is not a spike statistics file of this format.</exception>
    public static SpikeStatisticsReport Read(string path)
    {
        var report = JsonFile.Read<SpikeStatisticsReport>(path, Options, "a spike statistics file");
        if (report?.Format != SpikeStatisticsReport.CurrentFormat)
            throw new InvalidDataException(
                $"{path}: not a spike statistics file (format '{report?.Format}', expected "
                    + $"'{SpikeStatisticsReport.CurrentFormat}')"
            );
        return report;
    }
}
