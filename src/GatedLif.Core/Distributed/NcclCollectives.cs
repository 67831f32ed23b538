using static TorchSharp.torch;

namespace GatedLif.Distributed;

/// <summary>
/// Collectives over NCCL on the CUDA tensors of one device per rank, like torch.distributed's "nccl" backend.
/// The NCCL unique id travels from rank 0 to the others through the job's MPI world (<c>bootstrap</c>),
/// which the launcher wires up through the master address. Operations are queued on the device's default stream,
/// the one TorchSharp's kernels use, so they are ordered with the surrounding computation without a host wait.
/// A CPU tensor (a few statistics) makes a round trip through the device.
/// </summary>
internal sealed class NcclCollectives : ICollectives
{
    private readonly ICollectives _bootstrap;
    private readonly Device _device;
    private IntPtr _comm;

    public unsafe NcclCollectives(ICollectives bootstrap, Device device)
    {
        if (device.type != TorchSharp.DeviceType.CUDA)
            throw new ArgumentException($"NCCL needs a CUDA device, not {device}", nameof(device));
        _bootstrap = bootstrap;
        _device = device;
        MakeDeviceCurrent(device.index < 0 ? 0 : device.index);

        var id = new NcclLibrary.UniqueId();
        if (bootstrap.Rank == 0)
            NcclLibrary.Ok(NcclLibrary.ncclGetUniqueId(out id), "ncclGetUniqueId");
        var bytes = new byte[NcclLibrary.UniqueIdBytes];
        for (int i = 0; i < bytes.Length; i++)
            bytes[i] = id.Internal[i];
        using (var shared = tensor(bytes))
        {
            bootstrap.Broadcast(shared, root: 0);
            bytes = shared.data<byte>().ToArray();
        }
        for (int i = 0; i < bytes.Length; i++)
            id.Internal[i] = bytes[i];
        NcclLibrary.Ok(
            NcclLibrary.ncclCommInitRank(out _comm, bootstrap.WorldSize, id, bootstrap.Rank),
            "ncclCommInitRank"
        );
    }

    public int Rank => _bootstrap.Rank;
    public int WorldSize => _bootstrap.WorldSize;
    public string Backend => "NCCL";

    public void AllReduce(Tensor tensor, ReduceOp op = ReduceOp.Sum)
    {
        if (OnHost(tensor, t => AllReduce(t, op)))
            return;
        var address = TensorMemory.Address(tensor);
        NcclLibrary.Ok(
            NcclLibrary.ncclAllReduce(
                address,
                address,
                (nuint)tensor.numel(),
                DataType(tensor),
                op == ReduceOp.Mean ? NcclLibrary.RedOp.Avg : NcclLibrary.RedOp.Sum,
                _comm,
                IntPtr.Zero
            ),
            "ncclAllReduce"
        );
        GC.KeepAlive(tensor);
    }

    public void Broadcast(Tensor tensor, int root = 0)
    {
        if (OnHost(tensor, t => Broadcast(t, root)))
            return;
        var address = TensorMemory.Address(tensor);
        NcclLibrary.Ok(
            NcclLibrary.ncclBroadcast(
                address,
                address,
                (nuint)tensor.numel(),
                DataType(tensor),
                root,
                _comm,
                IntPtr.Zero
            ),
            "ncclBroadcast"
        );
        GC.KeepAlive(tensor);
    }

    /// <summary>An all-reduce of one element, waited for: every rank has reached it once it returns.</summary>
    public void Barrier()
    {
        using var token = zeros(1, device: _device);
        AllReduce(token);
        NcclLibrary.DriverOk(NcclLibrary.cuCtxSynchronize(), "cuCtxSynchronize");
    }

    public void Dispose()
    {
        if (_comm != IntPtr.Zero)
            NcclLibrary.ncclCommDestroy(_comm);
        _comm = IntPtr.Zero;
        _bootstrap.Dispose();
    }

    /// <summary>NCCL builds its communicator on the calling thread's current CUDA device; libtorch sets that per
    /// operation only, so the device's primary context (the one libtorch uses) is made current here.</summary>
    private static void MakeDeviceCurrent(int ordinal)
    {
        NcclLibrary.DriverOk(NcclLibrary.cuInit(0), "cuInit");
        NcclLibrary.DriverOk(NcclLibrary.cuDeviceGet(out int device, ordinal), "cuDeviceGet");
        NcclLibrary.DriverOk(NcclLibrary.cuDevicePrimaryCtxRetain(out var context, device), "cuDevicePrimaryCtxRetain");
        NcclLibrary.DriverOk(NcclLibrary.cuCtxSetCurrent(context), "cuCtxSetCurrent");
    }

    private bool OnHost(Tensor tensor, Action<Tensor> operation)
    {
        if (tensor.device_type == TorchSharp.DeviceType.CUDA)
            return false;
        using var onDevice = tensor.to(_device);
        operation(onDevice);
        tensor.copy_(onDevice);
        return true;
    }

    private static NcclLibrary.DataType DataType(Tensor tensor) =>
        tensor.dtype switch
        {
            ScalarType.Float32 => NcclLibrary.DataType.Float32,
            ScalarType.Float64 => NcclLibrary.DataType.Float64,
            ScalarType.Float16 => NcclLibrary.DataType.Float16,
            ScalarType.BFloat16 => NcclLibrary.DataType.BFloat16,
            ScalarType.Int64 => NcclLibrary.DataType.Int64,
            ScalarType.Int32 => NcclLibrary.DataType.Int32,
            ScalarType.Byte => NcclLibrary.DataType.Uint8,
            _ => throw new ArgumentException($"NCCL collectives do not take {tensor.dtype} tensors"),
        };
}
