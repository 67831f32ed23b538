using System.Globalization;
using System.Text.RegularExpressions;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Distributed;

/// <summary>Multi-process runs of the command line as a user starts them, and what their logs say.</summary>
internal static partial class Launcher
{
    public static CliRun Run(string work, int ranks, params string[] args) =>
        CliRun.Start(work, TimeSpan.FromMinutes(5), ["launch", "--nproc-per-node", ranks.ToString(), "--", .. args]);

    [GeneratedRegex(@"^Train Epoch: .*$", RegexOptions.Multiline)]
    private static partial Regex TrainLine();

    [GeneratedRegex(@"TEST Epoch \d+: loss = (\S+),")]
    private static partial Regex TestLine();

    public static List<string> TrainLines(string stdout) => TrainLine().Matches(stdout).Select(m => m.Value).ToList();

    public static double TestLoss(string stdout) =>
        double.Parse(TestLine().Matches(stdout).Last().Groups[1].Value, CultureInfo.InvariantCulture);
}
