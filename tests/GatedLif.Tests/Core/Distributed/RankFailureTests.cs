using System.Diagnostics;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Core.Distributed;

/// <summary>A rank that dies in the middle of training ends the whole job, with an error, within seconds.</summary>
public sealed class RankFailureTests
{
    [GoldenFact]
    public async Task Killing_one_rank_mid_training_stops_the_job_with_an_error_naming_it()
    {
        using var data = new TempFolder();
        TinyCifar.Write(data.Path, perTrainFile: 8, test: 4);
        using var work = new TempFolder();
        string tag = $"fail{Environment.ProcessId}x{Environment.TickCount64}";
        using var launcher = Launcher.Start(
            work.Path,
            2,
            "--stand18",
            "--soft-mode",
            "--t",
            "1",
            "--width",
            "0.125",
            "--batch-size",
            "2",
            "--epochs",
            "1000",
            "--display-interval",
            "1",
            "--dataset-path",
            data.Path,
            "--no-download",
            "--device",
            "cpu",
            "--modeltag",
            tag
        );
        var stderr = launcher.StandardError.ReadToEndAsync();
        try
        {
            // Wait until the ranks train, then kill rank 1 as the kernel's OOM killer would.
            Assert.NotNull(
                Launcher.ReadUntil(launcher, l => l.StartsWith("Train Epoch: 1 [2/", StringComparison.Ordinal))
            );
            var rank1 = RankProcess(tag, 1);
            rank1.Kill();
            var clock = Stopwatch.StartNew();
            _ = launcher.StandardOutput.ReadToEndAsync();

            Assert.True(launcher.WaitForExit(TimeSpan.FromSeconds(30)), "the launcher did not end the job");
            Assert.NotEqual(0, launcher.ExitCode);
            Assert.InRange(clock.Elapsed.TotalSeconds, 0, 30);
            Assert.Contains("rank 1", await stderr);
            Assert.Null(FindRanks(tag).FirstOrDefault());
        }
        finally
        {
            if (!launcher.HasExited)
                launcher.Kill(entireProcessTree: true);
            foreach (var rank in FindRanks(tag))
                rank.Kill();
        }
    }

    private static Process RankProcess(string tag, int rank) =>
        Assert.Single(FindRanks(tag), p => EnvironmentOf(p).Contains($"RANK={rank}"));

    /// <summary>Processes whose command line carries the run's unique tag (the ranks, not the launcher, which also
    /// does: only the ranks have RANK in their environment).</summary>
    private static IEnumerable<Process> FindRanks(string tag) =>
        Directory
            .EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out int pid) ? pid : -1)
            .Where(pid => pid > 0 && pid != Environment.ProcessId)
            .Where(pid => ReadOrEmpty($"/proc/{pid}/cmdline").Contains(tag))
            .Select(pid =>
            {
                try
                {
                    return Process.GetProcessById(pid);
                }
                catch (ArgumentException)
                {
                    return null;
                }
            })
            .OfType<Process>()
            .Where(p => EnvironmentOf(p).Any(v => v.StartsWith("RANK=", StringComparison.Ordinal)))
            .ToList();

    private static string[] EnvironmentOf(Process p) => ReadOrEmpty($"/proc/{p.Id}/environ").Split('\0');

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
