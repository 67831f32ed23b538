using System.Diagnostics;
using GatedLif.Cli.Commands;
using GatedLif.Cli.Hosting;

namespace GatedLif.Tests.TestSupport;

/// <summary>
/// One run of <c>scripts/gatedlif</c> as a user runs it, in a working folder of the test's own (GATEDLIF_CLI names
/// another command that runs the program: scripts/gpu-check.sh's packed build, where there is no checkout), or of
/// the same entry point in-process (<see cref="InProcess"/>).
/// </summary>
public sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public static string Script =>
        Environment.GetEnvironmentVariable("GATEDLIF_CLI") is { Length: > 0 } command
            ? command
            : Path.Combine(RepoPaths.Root, "scripts", "gatedlif");

    public static CliRun Start(string workingDirectory, params string[] args) =>
        Start(workingDirectory, TimeSpan.FromMinutes(10), args);

    /// <summary><c>scripts/gatedlif</c> started with its output redirected, for tests that watch or stop it.</summary>
    public static Process StartProcess(
        string workingDirectory,
        IEnumerable<string> args,
        IReadOnlyDictionary<string, string>? environment = null
    )
    {
        var info = new ProcessStartInfo(Script)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
            info.ArgumentList.Add(a);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            info.Environment[name] = value;
        return Process.Start(info)!;
    }

    public static CliRun Start(string workingDirectory, TimeSpan timeout, params string[] args) =>
        Start(workingDirectory, timeout, new Dictionary<string, string>(), args);

    /// <summary>A run with variables of its own added to the environment it inherits.</summary>
    public static CliRun Start(
        string workingDirectory,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string> environment,
        params string[] args
    )
    {
        using var process = StartProcess(workingDirectory, args, environment);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"gatedlif {string.Join(' ', args)} did not finish within {timeout}");
        }
        return new CliRun(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>
    /// The program's entry point run in this process on writers of its own, for tests of what a command decides and
    /// prints rather than of the process: no process start, no current folder (give absolute paths), and the process
    /// setup Program.cs does (threads, allocator) left out.
    /// </summary>
    public static CliRun InProcess(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int exitCode = GatedLifApp.Run(
            args,
            new CliConsole(TextWriter.Synchronized(stdout), TextWriter.Synchronized(stderr))
        );
        return new CliRun(exitCode, stdout.ToString(), stderr.ToString());
    }

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
