using System.Globalization;

namespace GatedLif.Cli.Progress;

/// <summary>
/// A live one-line bar for an epoch (batches done, the epoch's mean loss and top-1 so far, images/s, time left),
/// drawn only when standard output is a terminal, so that logs and pipes see exactly the reference's lines.
/// </summary>
public sealed class EpochProgressBar
{
    private const int BarWidth = 24;
    private readonly bool _enabled;
    private readonly int _total;
    private readonly string _label;
    private readonly TextWriter _out;
    private readonly DateTime _start = DateTime.UtcNow;
    private DateTime _lastDraw = DateTime.MinValue;
    private bool _drawn;

    public EpochProgressBar(string label, int totalBatches, TextWriter output, bool? enabled = null)
    {
        _label = label;
        _total = Math.Max(1, totalBatches);
        _out = output;
        // Drawn on the process's own terminal only: never into a file, a pipe or a caller's writer.
        _enabled = enabled ?? (ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected);
    }

    public void Update(int batchesDone, long imagesDone, double loss, double top1)
    {
        if (!_enabled)
            return;
        var now = DateTime.UtcNow;
        if (batchesDone < _total && (now - _lastDraw).TotalMilliseconds < 200)
            return;
        _lastDraw = now;
        double elapsed = Math.Max(1e-9, (now - _start).TotalSeconds);
        double rate = imagesDone / elapsed;
        double left = batchesDone == 0 ? 0 : elapsed / batchesDone * (_total - batchesDone);
        int filled = (int)Math.Round(BarWidth * (double)batchesDone / _total);
        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"\r{_label} [{new string('#', filled)}{new string('.', BarWidth - filled)}] {batchesDone}/{_total}  "
                + $"loss {loss:F4}  top-1 {top1:F4}  {rate:F1} img/s  left {FormatTime(left)}   "
        );
        _out.Write(text);
        _out.Flush();
        _drawn = true;
    }

    /// <summary>Clears the bar so that a log line can be printed in its place; the next update redraws it.</summary>
    public void Clear()
    {
        if (!_enabled || !_drawn)
            return;
        _out.Write("\r" + new string(' ', Math.Max(0, Console.WindowWidth - 1)) + "\r");
        _drawn = false;
        _lastDraw = DateTime.MinValue;
    }

    private static string FormatTime(double seconds)
    {
        var t = TimeSpan.FromSeconds(Math.Round(seconds));
        return t.TotalHours >= 1
            ? $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}"
            : $"{t.Minutes:00}:{t.Seconds:00}";
    }
}
