using MPI;
using static TorchSharp.torch;

namespace GatedLif.Distributed;

/// <summary>
/// Collectives over MPI (MPICH through MPI.NET) on CPU tensors, in place on the tensors' memory. MPI reads its
/// world from the process manager that started the process (our launcher, or MPICH's mpiexec).
/// </summary>
internal sealed class MpiCollectives : ICollectives
{
    // MPICH's MPI_IN_PLACE is ((void*)-1); MPI.NET's raw bindings do not export it.
    private static readonly IntPtr InPlace = new(-1);

    private readonly MPI.Environment _environment;
    private bool _disposed;

    public MpiCollectives()
    {
        MpichLibrary.Install();
        var args = Array.Empty<string>();
        // One thread at a time calls MPI (the training loop's); data loader threads never do.
        _environment = new MPI.Environment(ref args, Threading.Serialized);
        Rank = Communicator.world.Rank;
        WorldSize = Communicator.world.Size;
    }

    public int Rank { get; }
    public int WorldSize { get; }
    public string Backend => "MPI (MPICH)";

    public void AllReduce(Tensor tensor, ReduceOp op = ReduceOp.Sum)
    {
        Check(tensor);
        foreach (var (address, count) in Chunks(TensorMemory.Address(tensor), tensor))
            Ok(
                Unsafe.MPI_Allreduce(InPlace, address, count, DataType(tensor), Unsafe.MPI_SUM, Unsafe.MPI_COMM_WORLD),
                "MPI_Allreduce"
            );
        GC.KeepAlive(tensor);
        if (op == ReduceOp.Mean)
            tensor.div_(WorldSize);
    }

    public void Broadcast(Tensor tensor, int root = 0)
    {
        Check(tensor);
        foreach (var (address, count) in Chunks(TensorMemory.Address(tensor), tensor))
            Ok(Unsafe.MPI_Bcast(address, count, DataType(tensor), root, Unsafe.MPI_COMM_WORLD), "MPI_Bcast");
        GC.KeepAlive(tensor);
    }

    public void Barrier() => Ok(Unsafe.MPI_Barrier(Unsafe.MPI_COMM_WORLD), "MPI_Barrier");

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _environment.Dispose();
    }

    private static void Check(Tensor tensor)
    {
        if (tensor.device_type != TorchSharp.DeviceType.CPU)
            throw new ArgumentException(
                $"MPI collectives take CPU tensors; this one is on {tensor.device}",
                nameof(tensor)
            );
    }

    /// <summary>MPI counts are 32-bit, so a tensor of more elements goes in several calls.</summary>
    private static IEnumerable<(IntPtr Address, int Count)> Chunks(IntPtr start, Tensor tensor)
    {
        long total = tensor.numel(),
            elementSize = tensor.element_size();
        for (long done = 0; done < total; done += int.MaxValue)
            yield return (start + (nint)(done * elementSize), (int)Math.Min(int.MaxValue, total - done));
    }

    private static int DataType(Tensor tensor) =>
        tensor.dtype switch
        {
            ScalarType.Float32 => Unsafe.MPI_FLOAT,
            ScalarType.Float64 => Unsafe.MPI_DOUBLE,
            ScalarType.Int64 => Unsafe.MPI_LONG_LONG,
            ScalarType.Int32 => Unsafe.MPI_INT,
            ScalarType.Byte => Unsafe.MPI_UNSIGNED_CHAR,
            _ => throw new ArgumentException($"MPI collectives do not take {tensor.dtype} tensors"),
        };

    private static void Ok(int code, string call)
    {
        if (code != 0)
            throw new InvalidOperationException($"{call} failed with MPI error code {code}");
    }
}
