using GatedLif.Distributed;

namespace GatedLif.Cli.Launching;

/// <summary>
/// The environment of one rank: torchrun's variables, and the PMI-1 variables with which MPICH's simple PMI
/// client connects to the launcher of node 0 (PMI_PORT) and learns its rank there (PMI_ID) instead of running as a
/// singleton. Ranks are numbered node by node, as torchrun does. PMI_ID carries the job's token (<see
/// cref="JobToken"/>): MPICH only echoes it, and learns its rank from the launcher's reply.
/// </summary>
public sealed record RankEnvironment(LaunchOptions Options, int LocalRank)
{
    public int Rank => Options.NodeRank * Options.NprocPerNode + LocalRank;

    public IReadOnlyDictionary<string, string> Variables =>
        new Dictionary<string, string>
        {
            [WorldEnvironment.RankVariable] = $"{Rank}",
            [WorldEnvironment.LocalRankVariable] = $"{LocalRank}",
            [WorldEnvironment.WorldSizeVariable] = $"{Options.WorldSize}",
            [WorldEnvironment.LocalWorldSizeVariable] = $"{Options.NprocPerNode}",
            ["GROUP_RANK"] = $"{Options.NodeRank}",
            ["MASTER_ADDR"] = Options.MasterAddr,
            ["MASTER_PORT"] = $"{Options.MasterPort}",
            ["PMI_PORT"] = $"{Options.MasterAddr}:{Options.MasterPort}",
            ["PMI_ID"] = $"{Options.JobToken.PmiId(Rank, Options.WorldSize)}",
            [WorldEnvironment.PmiRankVariable] = $"{Rank}",
            [WorldEnvironment.PmiSizeVariable] = $"{Options.WorldSize}",
        };

    public void ApplyTo(IDictionary<string, string?> environment)
    {
        // An inherited PMI_FD (the launcher itself run by mpiexec) would take precedence over PMI_PORT.
        environment.Remove("PMI_FD");
        foreach (var (name, value) in Variables)
            environment[name] = value;
        // torchrun's guard against oversubscribing the cores, but with each rank's share of them instead of 1.
        if (Options.NprocPerNode > 1 && !environment.ContainsKey("OMP_NUM_THREADS"))
            environment["OMP_NUM_THREADS"] = $"{Math.Max(1, Environment.ProcessorCount / Options.NprocPerNode)}";
    }
}
