using static TorchSharp.torch;

namespace GatedLif.Distributed;

/// <summary>How <see cref="ICollectives.AllReduce"/> combines the ranks' tensors.</summary>
public enum ReduceOp
{
    Sum,

    /// <summary>The sum divided by the world size.</summary>
    Mean,
}

/// <summary>
/// The collective operations data-parallel training needs, across the processes of one job (torch.distributed's
/// process group). Every call is collective: all ranks make it, in the same order, with tensors of the same
/// shape and dtype. Tensors are changed in place and must be contiguous.
/// </summary>
public interface ICollectives : IDisposable
{
    /// <summary>This process's rank, 0 .. <see cref="WorldSize"/> - 1.</summary>
    int Rank { get; }

    int WorldSize { get; }

    /// <summary>What carries the data (for the log): "single process", "MPI (MPICH)", "NCCL".</summary>
    string Backend { get; }

    void AllReduce(Tensor tensor, ReduceOp op = ReduceOp.Sum);

    /// <summary>Every rank's tensor becomes <paramref name="root"/>'s.</summary>
    void Broadcast(Tensor tensor, int root = 0);

    /// <summary>Returns once every rank has called it.</summary>
    void Barrier();
}
