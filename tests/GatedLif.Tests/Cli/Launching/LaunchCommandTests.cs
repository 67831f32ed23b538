using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Cli.Launching;

public class LaunchCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private const string PrintEnvironment =
        "echo \"RANK=$RANK LOCAL_RANK=$LOCAL_RANK WORLD_SIZE=$WORLD_SIZE LOCAL_WORLD_SIZE=$LOCAL_WORLD_SIZE "
        + "GROUP_RANK=$GROUP_RANK "
        + "MASTER=$MASTER_ADDR:$MASTER_PORT PMI=$PMI_PORT/$PMI_ID/$PMI_RANK/$PMI_SIZE ARGS=$#:$1|$2|$3\"";

    private static Dictionary<int, string> LinesByRank(string stdout) =>
        stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.StartsWith("RANK="))
            .ToDictionary(l => int.Parse(l["RANK=".Length..l.IndexOf(' ')]));

    [Fact]
    public void Each_rank_gets_torchruns_environment_and_the_arguments_unchanged()
    {
        using var folder = new TempFolder();
        string script = LauncherRun.Script(folder, "env.sh", PrintEnvironment);
        int port = LauncherRun.FreePort();
        var run = new LauncherRun(
            folder.Path,
            "--nproc-per-node",
            "2",
            "--master-port",
            $"{port}",
            "--run",
            script,
            "--",
            "a b",
            "--verbose",
            "--nnodes"
        ).Wait(Timeout);

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = LinesByRank(run.Stdout);
        Assert.Equal([0, 1], lines.Keys.Order());
        for (int rank = 0; rank < 2; rank++)
        {
            Assert.Equal(
                $"RANK={rank} LOCAL_RANK={rank} WORLD_SIZE=2 LOCAL_WORLD_SIZE=2 GROUP_RANK=0 "
                    + $"MASTER=127.0.0.1:{port} PMI=127.0.0.1:{port}/<id>/{rank}/2 ARGS=3:a b|--verbose|--nnodes",
                WithoutPmiId(lines[rank])
            );
            // PMI_ID carries the job's token: rank + world size x a nonce of at least 1.
            Assert.Equal(rank, PmiId(lines[rank]) % 2);
            Assert.True(PmiId(lines[rank]) >= 2, lines[rank]);
        }
    }

    [Fact]
    public void A_failing_rank_stops_the_others_and_is_named_with_its_last_error_line()
    {
        using var folder = new TempFolder();
        string pids = folder.File("pids");
        string script = LauncherRun.Script(
            folder,
            "fail.sh",
            $$"""
            if [[ $RANK == 1 ]]; then
              while [[ ! -s {{pids}} ]]; do sleep 0.05; done
              echo "rank one ran out of cheese" >&2; exit 3
            fi
            sleep 300 & echo "$$ $!" > {{pids}}.tmp; mv {{pids}}.tmp {{pids}}; wait
            """
        );
        var run = new LauncherRun(
            folder.Path,
            "--nproc-per-node",
            "2",
            "--master-port",
            $"{LauncherRun.FreePort()}",
            "--run",
            script
        ).Wait(Timeout);

        Assert.True(run.ExitCode != 0, run.ToString());
        Assert.Contains("rank 1 failed with exit code 3", run.Stderr);
        Assert.Contains("  | rank one ran out of cheese", run.Stderr);
        // Rank 0's shell and the sleep it started (same process group) were both stopped; a killed orphan may take
        // a moment to be reaped.
        foreach (var pid in File.ReadAllText(pids).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            LauncherRun.WaitFor(
                () => !IsRunning(pid.Trim()),
                TimeSpan.FromSeconds(10),
                $"the end of process {pid.Trim()} of rank 0"
            );
    }

    /// <summary>Alive and not a zombie (an orphan's zombie lingers until init reaps it).</summary>
    private static bool IsRunning(string pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }

    [Fact]
    public void SIGTERM_to_the_launcher_reaches_every_rank()
    {
        using var folder = new TempFolder();
        string script = LauncherRun.Script(
            folder,
            "trap.sh",
            $"""
            trap 'echo terminated > {folder.Path}/term$RANK; exit 0' TERM
            touch {folder.Path}/started$RANK
            while true; do sleep 0.1; done
            """
        );
        using var launcher = new LauncherRun(
            folder.Path,
            "--nproc-per-node",
            "2",
            "--master-port",
            $"{LauncherRun.FreePort()}",
            "--run",
            script
        );
        LauncherRun.WaitFor(
            () => File.Exists(folder.File("started0")) && File.Exists(folder.File("started1")),
            Timeout,
            "both ranks starting"
        );
        using (var kill = Process.Start("kill", ["-TERM", $"{launcher.Id}"]))
            kill.WaitForExit();
        var run = launcher.Wait(Timeout);

        Assert.Equal(128 + 15, run.ExitCode);
        Assert.Contains("SIGTERM received", run.Stderr);
        Assert.Equal("terminated\n", File.ReadAllText(folder.File("term0")));
        Assert.Equal("terminated\n", File.ReadAllText(folder.File("term1")));
    }

    [Fact]
    public void Two_launchers_of_two_nodes_make_one_job_of_four_ranks()
    {
        using var folder = new TempFolder();
        string script = LauncherRun.Script(folder, "env.sh", PrintEnvironment);
        string port = $"{LauncherRun.FreePort()}";
        string[] Node(int rank) =>
            [
                "--nnodes",
                "2",
                "--node-rank",
                $"{rank}",
                "--nproc-per-node",
                "2",
                "--master-port",
                port,
                "--run",
                script,
            ];
        // Node 1 first: it waits for node 0, as on a cluster where nodes start in any order.
        using var node1 = new LauncherRun(folder.Path, Node(1));
        using var node0 = new LauncherRun(folder.Path, Node(0));
        var run0 = node0.Wait(Timeout);
        var run1 = node1.Wait(Timeout);

        Assert.True(run0.ExitCode == 0, run0.ToString());
        Assert.True(run1.ExitCode == 0, run1.ToString());
        var ranks0 = LinesByRank(run0.Stdout);
        var ranks1 = LinesByRank(run1.Stdout);
        Assert.Equal([0, 1], ranks0.Keys.Order());
        Assert.Equal([2, 3], ranks1.Keys.Order());
        Assert.StartsWith("RANK=3 LOCAL_RANK=1 WORLD_SIZE=4 LOCAL_WORLD_SIZE=2 GROUP_RANK=1 ", ranks1[3]);
        Assert.Contains($"PMI=127.0.0.1:{port}/<id>/3/4", WithoutPmiId(ranks1[3]));
        // Both nodes derive the same token from the job's settings, so rank 3's id has rank 0's nonce.
        Assert.Equal(PmiId(ranks0[0]) + 3, PmiId(ranks1[3]));
        Assert.StartsWith("RANK=1 LOCAL_RANK=1 WORLD_SIZE=4 LOCAL_WORLD_SIZE=2 GROUP_RANK=0 ", ranks0[1]);
    }

    [Fact]
    public void A_failure_on_another_node_ends_the_job_on_node_0_too()
    {
        using var folder = new TempFolder();
        string script = LauncherRun.Script(
            folder,
            "fail.sh",
            """
            if [[ $RANK == 1 ]]; then echo "node one gives up" >&2; exit 4; fi
            exec sleep 60
            """
        );
        string port = $"{LauncherRun.FreePort()}";
        string[] Node(int rank) => ["--nnodes", "2", "--node-rank", $"{rank}", "--master-port", port, "--run", script];
        using var node0 = new LauncherRun(folder.Path, Node(0));
        using var node1 = new LauncherRun(folder.Path, Node(1));
        var run1 = node1.Wait(Timeout);
        var run0 = node0.Wait(Timeout);

        Assert.True(run1.ExitCode != 0, run1.ToString());
        Assert.True(run0.ExitCode != 0, run0.ToString());
        Assert.Contains("rank 1 (node 1, local rank 0) failed with exit code 4", run0.Stderr);
        Assert.Contains("  | node one gives up", run0.Stderr);
        Assert.Contains("stopping all ranks on node 0", run0.Stderr);
    }

    [Theory]
    [InlineData("--nnodes 2 --node-rank 2", "--node-rank must be in 0..1")]
    [InlineData("--nproc-per-node 0", "--nproc-per-node must be at least 1")]
    [InlineData("--master-port 70000", "--master-port must be in 1..65535")]
    [InlineData("--nproc-per-node two", "two")]
    public void A_bad_option_is_a_usage_error(string options, string message)
    {
        using var folder = new TempFolder();
        var run = CliRun.Start(folder.Path, Timeout, ["launch", .. options.Split(' '), "--run", "/bin/true"]);
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(message, run.Stderr);
    }

    [Fact]
    public void A_node_that_never_joins_ends_the_job_after_the_join_timeout()
    {
        using var folder = new TempFolder();
        string script = LauncherRun.Script(folder, "wait.sh", "sleep 300");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var run = new LauncherRun(
            folder.Path,
            "--nnodes",
            "2",
            "--node-rank",
            "0",
            "--join-timeout",
            "2",
            "--master-port",
            $"{LauncherRun.FreePort()}",
            "--run",
            script
        ).Wait(Timeout);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("node(s) 1 did not join within 2 s (--join-timeout)", run.Stderr);
        Assert.InRange(clock.Elapsed.TotalSeconds, 2, 30);
    }

    [Fact]
    public void A_master_port_in_use_is_a_usage_error()
    {
        using var folder = new TempFolder();
        var taken = new TcpListener(IPAddress.Any, 0);
        taken.Start();
        try
        {
            int port = ((IPEndPoint)taken.LocalEndpoint).Port;
            var run = CliRun.Start(folder.Path, Timeout, "launch", "--master-port", $"{port}", "--run", "/bin/true");
            Assert.True(run.ExitCode == 2, run.ToString());
            Assert.Contains($"--master-port {port} cannot be used", run.Stderr);
        }
        finally
        {
            taken.Stop();
        }
    }

    private static readonly System.Text.RegularExpressions.Regex PmiIdField = new(@"(PMI=[^/]+/)(\d+)/");

    private static long PmiId(string line) =>
        long.Parse(PmiIdField.Match(line).Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);

    private static string WithoutPmiId(string line) => PmiIdField.Replace(line, "$1<id>/");
}
