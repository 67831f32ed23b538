using System.Globalization;
using Serilog;
using Serilog.Core;
using Serilog.Sinks.SystemConsole.Themes;

namespace GatedLif.Cli.Logging;

/// <summary>
/// train.py's logging: messages that the reference sends through <c>logging.info</c> go to standard output as
/// <c>[dd hh:mm:ss] message</c> and to <c>./log/train-{yy}{mm}{unix time}</c> as
/// <c>[yyyy-mm-dd HH:MM:SS,mmm] message</c> (the file handler keeps Python's default date format).
/// Lines the reference prints with <c>print</c> go to standard output only (<see cref="Print"/>).
/// </summary>
public sealed class ReferenceLog : IDisposable
{
    private readonly Logger? _logger;

    public ReferenceLog(string logFolder = "./log")
    {
        Directory.CreateDirectory(logFolder);
        var now = DateTimeOffset.Now;
        double unixSeconds = (now - DateTimeOffset.UnixEpoch).TotalSeconds;
        FilePath = Path.Combine(logFolder,
            string.Create(CultureInfo.InvariantCulture, $"train-{now.Year % 2000}{now.Month:00}{unixSeconds:R}"));
        _logger = new LoggerConfiguration()
            .WriteTo.Console(outputTemplate: "[{Timestamp:dd hh:mm:ss}] {Message}{NewLine}",
                formatProvider: CultureInfo.InvariantCulture, theme: ConsoleTheme.None)
            .WriteTo.File(FilePath, outputTemplate: "[{Timestamp:yyyy-MM-dd HH:mm:ss,fff}] {Message}{NewLine}",
                formatProvider: CultureInfo.InvariantCulture)
            .CreateLogger();
    }

    private ReferenceLog(bool quiet) => FilePath = "";

    /// <summary>The log of one rank of a job: rank 0 writes train.py's log, the other ranks nothing (the
    /// reference's ranks each print every line).</summary>
    public static ReferenceLog ForRank(int rank) => rank == 0 ? new ReferenceLog() : new ReferenceLog(quiet: true);

    /// <summary>The log file; empty for a quiet rank.</summary>
    public string FilePath { get; }

    /// <summary>A <c>logging.info</c> line.</summary>
    public void Info(string message)
    {
        _logger?.Information("{Line:l}", message);
    }

    /// <summary>A <c>print</c> line.</summary>
    public void Print(string message)
    {
        if (_logger is null)
            return;
        Console.Out.WriteLine(message);
        Console.Out.Flush();
    }

    public void Dispose() => _logger?.Dispose();
}
