using System.Runtime.InteropServices;

namespace GatedLif.Cli.Launching;

/// <summary>
/// Sends POSIX signals to process groups: .NET can only kill a process, not forward SIGINT or SIGTERM, so
/// libc's kill(2) is called directly (one function, no package offers it).
/// </summary>
public static class ProcessSignals
{
    public const int SigInt = 2,
        SigKill = 9,
        SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    /// <summary>Signals every process of the group led by <paramref name="leader"/>; false when none is left.</summary>
    public static bool SendToGroup(int leader, int signal) => Kill(-leader, signal) == 0;

    public static string Name(int signal) =>
        signal switch
        {
            1 => "SIGHUP",
            SigInt => "SIGINT",
            3 => "SIGQUIT",
            4 => "SIGILL",
            6 => "SIGABRT",
            7 => "SIGBUS",
            8 => "SIGFPE",
            SigKill => "SIGKILL",
            11 => "SIGSEGV",
            13 => "SIGPIPE",
            SigTerm => "SIGTERM",
            _ => $"signal {signal}",
        };

    /// <summary>How .NET reports a child's end: its exit code, or 128 + the signal that killed it.</summary>
    public static string DescribeExit(int exitCode) =>
        exitCode > 128 && exitCode < 128 + 32
            ? $"exit code {exitCode} (128 + {Name(exitCode - 128)}: killed by that signal)"
            : $"exit code {exitCode}";
}
