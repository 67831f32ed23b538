using System.Globalization;

namespace GatedLif.Data.Download;

/// <summary>
/// Turns a running byte count into a few plain-text lines: one per tenth of a known size, or one per
/// <see cref="UnknownSizeStep"/> bytes when the server sends no length. Plain lines keep logs and redirected output
/// readable.
/// </summary>
internal sealed class DownloadProgress(TextWriter? writer, long? totalBytes)
{
    private const long UnknownSizeStep = 10_000_000;

    private long lastStep;

    public void Report(long bytes)
    {
        if (writer is null)
        {
            return;
        }

        long step = totalBytes is long total and > 0 ? bytes * 10 / total : bytes / UnknownSizeStep;
        if (step > lastStep)
        {
            lastStep = step;
            writer.WriteLine(Describe(bytes));
        }
    }

    private string Describe(long bytes) =>
        totalBytes is long total and > 0
            ? string.Create(
                CultureInfo.InvariantCulture,
                $"  {Megabytes(bytes)} / {Megabytes(total)} ({bytes * 100 / total}%)"
            )
            : $"  {Megabytes(bytes)}";

    public static string Megabytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e6:F1} MB");
}
