using static TorchSharp.torch;

namespace GatedLif.Distributed;

/// <summary>
/// torch.distributed.init_process_group for our backends: nothing for a world of one, NCCL when the job trains
/// on CUDA, MPI otherwise. The ranks' own view (MPI's) must agree with the launcher's variables.
/// </summary>
public static class ProcessGroup
{
    public static ICollectives Open(WorldEnvironment world, Device device)
    {
        if (!world.IsDistributed)
            return SingleProcess.Instance;
        MpiCollectives mpi;
        try
        {
            mpi = new MpiCollectives();
        }
        catch (Exception e)
            when (e is DllNotFoundException or EntryPointNotFoundException or TypeInitializationException)
        {
            throw new DistributedSetupException(
                $"cannot start MPI for rank {world.Rank} of {world.WorldSize}: {Innermost(e).Message}",
                e
            );
        }
        if (mpi.Rank != world.Rank || mpi.WorldSize != world.WorldSize)
        {
            var (rank, size) = (mpi.Rank, mpi.WorldSize);
            mpi.Dispose();
            throw new DistributedSetupException(
                $"RANK={world.Rank}/WORLD_SIZE={world.WorldSize} but MPI sees rank {rank} of {size}: "
                    + "start the ranks with scripts/launch.sh, which also wires up MPI"
            );
        }
        if (device.type != TorchSharp.DeviceType.CUDA)
            return mpi;
        try
        {
            return new NcclCollectives(mpi, device);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or InvalidOperationException)
        {
            mpi.Dispose();
            throw new DistributedSetupException(
                $"cannot start NCCL on {device} for rank {world.Rank}: {Innermost(e).Message}",
                e
            );
        }
    }

    /// <summary>
    /// Runs <paramref name="body"/> in the job's process group. Only a body that returns leaves the group:
    /// MPI_Finalize waits for ranks that may be blocked in a collective with a failed one, so a rank whose body
    /// throws exits without it, and its error and exit code end the job (the launcher stops the others).
    /// </summary>
    public static int Run(WorldEnvironment world, Device device, Func<ICollectives, int> body)
    {
        var collectives = Open(world, device);
        int exitCode = body(collectives);
        collectives.Dispose();
        return exitCode;
    }

    /// <summary>The device of a rank: with CUDA, one GPU per local rank (torch.cuda.set_device(LOCAL_RANK)).</summary>
    public static Device DeviceFor(WorldEnvironment world, Device requested)
    {
        if (requested.type != TorchSharp.DeviceType.CUDA || !world.IsDistributed)
            return requested;
        int gpus = cuda.device_count();
        if (world.LocalRank >= gpus)
            throw new DistributedSetupException(
                $"LOCAL_RANK={world.LocalRank} needs GPU {world.LocalRank}, but {gpus} are visible: start at most "
                    + $"{gpus} processes per node"
            );
        return new Device(TorchSharp.DeviceType.CUDA, world.LocalRank);
    }

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;
}
