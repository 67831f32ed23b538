using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using GatedLif.Tests.Cli.Launching;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Core.Distributed;

/// <summary>Multi-process runs of the command line as a user starts them (through the launcher, each on a port of
/// its own so tests can run side by side), and what their logs say.</summary>
internal static partial class Launcher
{
    private static string[] LaunchArguments(int ranks, string[] args) =>
        [
            "launch",
            "--nproc-per-node",
            ranks.ToString(),
            "--master-port",
            LauncherRun.FreePort().ToString(),
            "--",
            .. args,
        ];

    public static CliRun Run(string work, int ranks, params string[] args) =>
        CliRun.Start(work, TimeSpan.FromMinutes(5), LaunchArguments(ranks, args));

    /// <summary>A job whose processes all see <paramref name="environment"/> added to this one's.</summary>
    public static CliRun Run(
        string work,
        int ranks,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string> environment,
        params string[] args
    ) => CliRun.Start(work, timeout, environment, LaunchArguments(ranks, args));

    /// <summary>A job in the background; its standard output is read line by line with <see
    /// cref="ReadUntil"/>.</summary>
    public static Process Start(string work, int ranks, params string[] args) =>
        CliRun.StartProcess(work, LaunchArguments(ranks, args));

    /// <summary>Reads standard output up to the first line that <paramref name="wanted"/> accepts (null at its
    /// end).</summary>
    public static string? ReadUntil(Process job, Func<string, bool> wanted)
    {
        string? line;
        while ((line = job.StandardOutput.ReadLine()) is not null && !wanted(line)) { }
        return line;
    }

    [GeneratedRegex(@"^Train Epoch: .*$", RegexOptions.Multiline)]
    private static partial Regex TrainLine();

    [GeneratedRegex(@"TEST Epoch \d+: loss = (\S+),")]
    private static partial Regex TestLine();

    public static List<string> TrainLines(string stdout) => TrainLine().Matches(stdout).Select(m => m.Value).ToList();

    public static double TestLoss(string stdout) =>
        double.Parse(TestLine().Matches(stdout).Last().Groups[1].Value, CultureInfo.InvariantCulture);
}
