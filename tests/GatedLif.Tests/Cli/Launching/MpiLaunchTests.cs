using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Cli.Launching;

/// <summary>
/// Real MPICH processes wired up by the launcher's PMI server: a Python program (no compiler needed) that calls
/// libmpich through ctypes, all-reduces rank + 1 and prints the sum.
/// </summary>
public class MpiLaunchTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    // MPICH's handles for MPI_COMM_WORLD, MPI_FLOAT and MPI_SUM (mpi.h).
    private const string AllReduce = """
        import ctypes
        mpi = ctypes.CDLL("libmpich.so.12")
        COMM_WORLD, FLOAT, SUM = 0x44000000, 0x4C00040A, 0x58000003
        assert mpi.MPI_Init(None, None) == 0
        rank, size = ctypes.c_int(), ctypes.c_int()
        mpi.MPI_Comm_rank(COMM_WORLD, ctypes.byref(rank))
        mpi.MPI_Comm_size(COMM_WORLD, ctypes.byref(size))
        mine, total = ctypes.c_float(rank.value + 1), ctypes.c_float()
        assert mpi.MPI_Allreduce(ctypes.byref(mine), ctypes.byref(total), 1, FLOAT, SUM, COMM_WORLD) == 0
        print(f"rank {rank.value}/{size.value} sum {total.value:g}", flush=True)
        assert mpi.MPI_Finalize() == 0
        """;

    private static string Program(TempFolder folder)
    {
        string path = folder.File("allreduce.py");
        File.WriteAllText(path, AllReduce);
        return path;
    }

    [Fact]
    public void Two_local_ranks_all_reduce_through_the_launchers_PMI_server()
    {
        using var folder = new TempFolder();
        var run = new LauncherRun(
            folder.Path,
            "--nproc-per-node",
            "2",
            "--master-port",
            $"{LauncherRun.FreePort()}",
            "--run",
            "/usr/bin/python3",
            Program(folder)
        ).Wait(Timeout);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("rank 0/2 sum 3", run.Stdout);
        Assert.Contains("rank 1/2 sum 3", run.Stdout);
    }

    [Fact]
    public void Ranks_of_two_nodes_all_reduce_as_one_world()
    {
        using var folder = new TempFolder();
        string program = Program(folder),
            port = $"{LauncherRun.FreePort()}";
        string[] Node(int rank) =>
            ["--nnodes", "2", "--node-rank", $"{rank}", "--master-port", port, "--run", "/usr/bin/python3", program];
        using var node0 = new LauncherRun(folder.Path, Node(0));
        using var node1 = new LauncherRun(folder.Path, Node(1));
        var run0 = node0.Wait(Timeout);
        var run1 = node1.Wait(Timeout);

        Assert.True(run0.ExitCode == 0, run0.ToString());
        Assert.True(run1.ExitCode == 0, run1.ToString());
        Assert.Contains("rank 0/2 sum 3", run0.Stdout);
        Assert.Contains("rank 1/2 sum 3", run1.Stdout);
    }
}
