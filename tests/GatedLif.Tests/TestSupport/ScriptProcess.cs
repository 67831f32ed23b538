using System.Diagnostics;

namespace GatedLif.Tests.TestSupport;

/// <summary>Runs a script as a process, both of its streams read to the end at once so that neither pipe can fill
/// and stall it.</summary>
public static class ScriptProcess
{
    /// <summary>/bin/bash with <paramref name="arguments"/> (a script file, or -c and a script), streams
    /// captured.</summary>
    public static ProcessStartInfo Bash(params string[] arguments) => Program("/bin/bash", arguments);

    /// <summary><paramref name="program"/> (an interpreter such as python3) with <paramref name="arguments"/>, streams
    /// captured.</summary>
    public static ProcessStartInfo Program(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        return info;
    }

    public static (int ExitCode, string Stdout, string Stderr) Run(ProcessStartInfo info)
    {
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
