using System.Text.Json;
using GatedLif.Checkpoints;

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

    public static void Write(string path, SpikeStatisticsReport report)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        AtomicFile.Write(path, stream => JsonSerializer.Serialize(stream, report, Options));
    }

    /// <exception cref="InvalidDataException">The file is not a spike statistics file of this format.</exception>
    public static SpikeStatisticsReport Read(string path)
    {
        SpikeStatisticsReport? report;
        try
        {
            using var stream = File.OpenRead(path);
            report = JsonSerializer.Deserialize<SpikeStatisticsReport>(stream, Options);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a spike statistics file ({e.Message})", e);
        }
        if (report?.Format != SpikeStatisticsReport.CurrentFormat)
            throw new InvalidDataException($"{path}: not a spike statistics file (format '{report?.Format}', expected '{SpikeStatisticsReport.CurrentFormat}')");
        return report;
    }
}
