using System.Diagnostics;

namespace GatedLif.Cli.Launching;

/// <summary>
/// One rank's process. It runs in a process group of its own (through util-linux's <c>setsid</c>, since .NET
/// cannot set one), so that a signal reaches the rank's own children too and the terminal's Ctrl-C reaches it
/// once, through the launcher. Standard output is the launcher's; standard error is copied to the launcher's as
/// it comes and its tail kept for the failure message.
/// </summary>
public sealed class RankProcess : IDisposable
{
    private const int TailLines = 10;
    private static readonly object ErrorLock = new();
    private readonly Process _process;
    private readonly OutputTail _tail = new();
    private readonly Task _errorCopy;

    private RankProcess(RankEnvironment rank, Process process)
    {
        Rank = rank;
        _process = process;
        _errorCopy = Task.Run(CopyStandardError);
        Exited = WaitAsync();
    }

    public RankEnvironment Rank { get; }

    /// <summary>The exit code (128 + signal when killed), once the process has ended and its error output is
    /// copied.</summary>
    public Task<int> Exited { get; }

    public static RankProcess Start(
        RankEnvironment rank,
        IReadOnlyList<string> program,
        IReadOnlyList<string> arguments
    )
    {
        var info = new ProcessStartInfo("setsid") { RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("--");
        foreach (var part in program.Concat(arguments))
            info.ArgumentList.Add(part);
        rank.ApplyTo(info.Environment);
        try
        {
            return new RankProcess(rank, Process.Start(info)!);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new IOException($"cannot start rank {rank.Rank} ({program[0]}) through setsid: {e.Message}", e);
        }
    }

    /// <summary>Signals the rank's whole process group (a no-op when it has ended).</summary>
    public void Signal(int signal) => ProcessSignals.SendToGroup(_process.Id, signal);

    public IReadOnlyList<string> LastErrorLines() => _tail.LastLines(TailLines);

    private async Task<int> WaitAsync()
    {
        await _process.WaitForExitAsync();
        // The group's other processes may keep the pipe open; what they write later is not waited for.
        await Task.WhenAny(_errorCopy, Task.Delay(TimeSpan.FromSeconds(1)));
        return _process.ExitCode;
    }

    private void CopyStandardError()
    {
        var source = _process.StandardError.BaseStream;
        using var target = Console.OpenStandardError();
        var buffer = new byte[8192];
        int n;
        while ((n = source.Read(buffer, 0, buffer.Length)) > 0)
        {
            _tail.Add(buffer.AsSpan(0, n));
            lock (ErrorLock)
            {
                target.Write(buffer, 0, n);
                target.Flush();
            }
        }
    }

    public void Dispose() => _process.Dispose();
}
