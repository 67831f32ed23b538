using System.Globalization;
using GatedLif.Cli.Hosting;
using GatedLif.Files;
using GatedLif.Neurons.Membrane;
using Serilog;
using Serilog.Core;

namespace GatedLif.Cli.Logging;

/// <summary>
/// A run's log. train.py's: messages the reference sends through <c>logging.info</c> go to standard output as
/// <c>[dd hh:mm:ss] message</c> and to <c>./log/train-{yy}{mm}{unix time}</c> as <c>[yyyy-mm-dd HH:MM:SS,mmm]
/// message</c> (Python's default date format); lines it <c>print</c>s go to standard output only.
/// cifar10dvs/train.py's: it prints every line, and ours writes them to a log file in its output folder as well.
/// Warnings and errors go to both. The file is made when the run begins (<see cref="Begin"/>), so a run that fails
/// while setting up leaves none.
/// </summary>
public sealed class ReferenceLog : IDisposable
{
    private readonly bool _quiet;
    private readonly string? _filePath;
    private readonly bool _printsToFile;
    private Logger? _file;

    private ReferenceLog(string? filePath, bool printsToFile, bool quiet, CliConsole console)
    {
        _filePath = filePath;
        _printsToFile = printsToFile;
        _quiet = quiet;
        Console = console;
        // The library reports where a neuron leaves its fast kernel; the run's log says so.
        MembraneRecurrence.CpuKernelFallback += WarningOnce;
    }

    private readonly HashSet<string> _warned = [];

    /// <summary>A warning the library may raise at every call, printed the first time only.</summary>
    private void WarningOnce(string message)
    {
        lock (_warned)
            if (!_warned.Add(message))
                return;
        Warning(message);
    }

    /// <summary>train.py's log for one rank of a job: rank 0 writes it, the other ranks nothing (the reference's
    /// ranks each print every line).</summary>
    public static ReferenceLog TrainPy(int rank, CliConsole console, string logFolder = "./log")
    {
        if (rank != 0)
            return new ReferenceLog(null, printsToFile: false, quiet: true, console);
        var now = DateTimeOffset.Now;
        double unixSeconds = (now - DateTimeOffset.UnixEpoch).TotalSeconds;
        return new ReferenceLog(
            Path.Combine(
                logFolder,
                string.Create(CultureInfo.InvariantCulture, $"train-{now.Year % 2000}{now.Month:00}{unixSeconds:R}")
            ),
            printsToFile: false,
            quiet: false,
            console
        );
    }

    /// <summary>cifar10dvs/train.py's printed lines, also written to <paramref name="filePath"/> when one is
    /// given.</summary>
    public static ReferenceLog Dvs(string? filePath, CliConsole console) =>
        new(filePath, printsToFile: true, quiet: false, console);

    private static readonly AsyncLocal<ReferenceLog?> ActiveRun = new();

    /// <summary>The log of the run in progress on this flow of control, once it has begun; errors are written to it.
    /// Per flow rather than per process, so that runs side by side in one process (tests) keep their own.</summary>
    public static ReferenceLog? Active
    {
        get => ActiveRun.Value;
        private set => ActiveRun.Value = value;
    }

    /// <summary>Where the lines are printed.</summary>
    public CliConsole Console { get; }

    /// <summary>The log file; null for a quiet rank.</summary>
    public string? FilePath => _filePath;

    /// <summary>Runs before every console line, so that a progress bar can clear itself.</summary>
    public Action? BeforeLine { get; set; }

    /// <summary>The run has begun: the log file is made now and receives every line from here on.</summary>
    public void Begin()
    {
        if (_filePath is null || _file is not null)
            return;
        WritableFolder.Ensure(Path.GetDirectoryName(Path.GetFullPath(_filePath))!, "the log");
        _file = new LoggerConfiguration()
            .WriteTo.File(
                _filePath,
                outputTemplate: "[{Timestamp:yyyy-MM-dd HH:mm:ss,fff}] {Message}{NewLine}",
                formatProvider: CultureInfo.InvariantCulture
            )
            .CreateLogger();
        Active = this;
    }

    /// <summary>A <c>logging.info</c> line.</summary>
    public void Info(string message)
    {
        if (_quiet)
            return;
        BeforeLine?.Invoke();
        // logging.info's console format, [dd hh:mm:ss] (12-hour clock, as the reference's datefmt).
        Console.Out.WriteLine(
            string.Create(CultureInfo.InvariantCulture, $"[{DateTimeOffset.Now:dd hh:mm:ss}] {message}")
        );
        _file?.Information("{Line:l}", message);
    }

    /// <summary>A <c>print</c> line.</summary>
    public void Print(string message)
    {
        if (_quiet)
            return;
        BeforeLine?.Invoke();
        Console.Out.WriteLine(message);
        Console.Out.Flush();
        if (_printsToFile)
            _file?.Information("{Line:l}", message);
    }

    /// <summary>Lines of ours (a table): printed as they are, and in the log file once the run has begun.</summary>
    public void Block(string text)
    {
        if (_quiet)
            return;
        BeforeLine?.Invoke();
        foreach (var line in text.TrimEnd().Split('\n'))
        {
            Console.Out.WriteLine(line.TrimEnd('\r'));
            _file?.Information("{Line:l}", line.TrimEnd('\r'));
        }
        Console.Out.Flush();
    }

    /// <summary>A warning: printed, and in the log file once the run has begun.</summary>
    public void Warning(string message)
    {
        if (_quiet)
            return;
        BeforeLine?.Invoke();
        Console.Out.WriteLine($"warning: {message}");
        Console.Out.Flush();
        _file?.Warning("warning: {Line:l}", message);
    }

    /// <summary>The error that ended the run, for the log file (the console gets it from the entry point).</summary>
    public void Error(string message) => _file?.Error("error: {Line:l}", message);

    public void Dispose()
    {
        MembraneRecurrence.CpuKernelFallback -= WarningOnce;
        if (Active == this)
            Active = null;
        _file?.Dispose();
    }
}
