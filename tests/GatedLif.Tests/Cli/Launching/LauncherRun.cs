using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Cli.Launching;

/// <summary><c>scripts/gatedlif launch</c> started in the background, for tests that signal it or run two
/// nodes.</summary>
internal sealed class LauncherRun : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stdout,
        _stderr;

    public LauncherRun(string workingDirectory, params string[] args)
    {
        _process = CliRun.StartProcess(workingDirectory, ["launch", .. args]);
        _stdout = _process.StandardOutput.ReadToEndAsync();
        _stderr = _process.StandardError.ReadToEndAsync();
    }

    public int Id => _process.Id;

    public CliRun Wait(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the launcher did not finish within {timeout}; stderr so far:\n{_stderr}");
        }
        return new CliRun(_process.ExitCode, _stdout.Result, _stderr.Result);
    }

    /// <summary>A port nobody listens on now (the launcher of node 0 takes it a moment later).</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>An executable bash script in <paramref name="folder"/>.</summary>
    public static string Script(TempFolder folder, string name, string body)
    {
        string path = folder.File(name);
        File.WriteAllText(path, "#!/usr/bin/env bash\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    public static void WaitFor(Func<bool> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
                throw new TimeoutException($"{what} did not happen within {timeout}");
            Thread.Sleep(50);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
