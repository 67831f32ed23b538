using System.CommandLine;

namespace GatedLif.Cli.Hosting;

/// <summary>
/// Where a run of the program prints: the process's standard output and error, or the writers of a caller that runs
/// it in-process (the tests), so that two runs side by side never share a console. The launcher's supervision lines
/// are the exception: <c>launch</c> runs only as a process (it starts the ranks and passes signals on), so they go
/// to that process's standard error.
/// </summary>
public sealed record CliConsole(TextWriter Out, TextWriter Error)
{
    public static CliConsole Process => new(Console.Out, Console.Error);

    /// <summary>System.CommandLine's help and parse output, printed here.</summary>
    public InvocationConfiguration Invocation => new() { Output = Out, Error = Error };
}
