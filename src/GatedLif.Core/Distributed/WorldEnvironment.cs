namespace GatedLif.Distributed;

/// <summary>
/// Where this process sits in a multi-process job, from the variables torchrun and our launcher set (RANK,
/// LOCAL_RANK, WORLD_SIZE, LOCAL_WORLD_SIZE), or from MPICH's mpiexec (PMI_RANK, PMI_SIZE) when started by it.
/// Without any of them the process is a world of one.
/// </summary>
public sealed record WorldEnvironment(int Rank, int LocalRank, int WorldSize, int LocalWorldSize)
{
    public static readonly WorldEnvironment Single = new(0, 0, 1, 1);

    // torchrun's names, which our launcher sets.
    public const string RankVariable = "RANK",
        LocalRankVariable = "LOCAL_RANK";
    public const string WorldSizeVariable = "WORLD_SIZE",
        LocalWorldSizeVariable = "LOCAL_WORLD_SIZE";

    // MPICH's (mpiexec's and the PMI-1 client's).
    public const string PmiRankVariable = "PMI_RANK",
        PmiSizeVariable = "PMI_SIZE";

    public bool IsDistributed => WorldSize > 1;

    public static WorldEnvironment FromEnvironment() => From(Environment.GetEnvironmentVariable);

    public static WorldEnvironment From(Func<string, string?> variable)
    {
        int? size = Read(variable, WorldSizeVariable) ?? Read(variable, PmiSizeVariable);
        if (size is null)
            return Single;
        int rank = Read(variable, RankVariable)
            ?? Read(variable, PmiRankVariable)
            ?? throw new DistributedSetupException(
                "WORLD_SIZE is set but RANK is not: start the ranks with scripts/launch.sh"
            );
        int localSize = Read(variable, LocalWorldSizeVariable) ?? Read(variable, "MPI_LOCALNRANKS") ?? size.Value;
        int localRank = Read(variable, LocalRankVariable) ?? Read(variable, "MPI_LOCALRANKID") ?? rank;
        if (size < 1)
            throw new DistributedSetupException($"WORLD_SIZE={size} must be at least 1");
        if (rank < 0 || rank >= size)
            throw new DistributedSetupException($"RANK={rank} is outside 0..{size - 1} (WORLD_SIZE={size})");
        if (localSize < 1 || localSize > size || localRank < 0 || localRank >= localSize)
            throw new DistributedSetupException(
                $"LOCAL_RANK={localRank} with LOCAL_WORLD_SIZE={localSize} does not fit WORLD_SIZE={size}"
            );
        return new WorldEnvironment(rank, localRank, size.Value, localSize);
    }

    private static int? Read(Func<string, string?> variable, string name)
    {
        var text = variable(name);
        if (string.IsNullOrWhiteSpace(text))
            return null;
        return int.TryParse(text.Trim(), out int value)
            ? value
            : throw new DistributedSetupException($"environment variable {name}='{text}' is not an integer");
    }
}
