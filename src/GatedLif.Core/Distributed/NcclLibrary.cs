using System.Runtime.InteropServices;

namespace GatedLif.Distributed;

/// <summary>
/// The few entry points of NVIDIA's NCCL (libnccl.so.2) and of the CUDA driver that data-parallel training uses.
/// No maintained NuGet package binds NCCL, so these are declared by hand from nccl.h and cuda.h.
/// </summary>
internal static partial class NcclLibrary
{
    private const string Nccl = "libnccl.so.2";
    private const string CudaDriver = "libcuda.so.1";

    public const int UniqueIdBytes = 128;

    /// <summary>ncclDataType_t.</summary>
    public enum DataType
    {
        Int8 = 0,
        Uint8 = 1,
        Int32 = 2,
        Uint32 = 3,
        Int64 = 4,
        Uint64 = 5,
        Float16 = 6,
        Float32 = 7,
        Float64 = 8,
        BFloat16 = 9,
    }

    /// <summary>ncclRedOp_t.</summary>
    public enum RedOp
    {
        Sum = 0,
        Prod = 1,
        Max = 2,
        Min = 3,
        Avg = 4,
    }

    [StructLayout(LayoutKind.Sequential)]
    public unsafe struct UniqueId
    {
        public fixed byte Internal[UniqueIdBytes];
    }

    [LibraryImport(Nccl)]
    public static partial int ncclGetUniqueId(out UniqueId id);

    [LibraryImport(Nccl)]
    public static partial int ncclCommInitRank(out IntPtr comm, int nranks, UniqueId id, int rank);

    [LibraryImport(Nccl)]
    public static partial int ncclAllReduce(
        IntPtr send,
        IntPtr receive,
        nuint count,
        DataType type,
        RedOp op,
        IntPtr comm,
        IntPtr stream
    );

    [LibraryImport(Nccl)]
    public static partial int ncclBroadcast(
        IntPtr send,
        IntPtr receive,
        nuint count,
        DataType type,
        int root,
        IntPtr comm,
        IntPtr stream
    );

    [LibraryImport(Nccl)]
    public static partial int ncclCommDestroy(IntPtr comm);

    [LibraryImport(Nccl)]
    public static partial IntPtr ncclGetErrorString(int result);

    [LibraryImport(CudaDriver)]
    public static partial int cuInit(uint flags);

    [LibraryImport(CudaDriver)]
    public static partial int cuDeviceGet(out int device, int ordinal);

    [LibraryImport(CudaDriver)]
    public static partial int cuDevicePrimaryCtxRetain(out IntPtr context, int device);

    [LibraryImport(CudaDriver)]
    public static partial int cuCtxSetCurrent(IntPtr context);

    [LibraryImport(CudaDriver)]
    public static partial int cuCtxSynchronize();

    public static void Ok(int result, string call)
    {
        if (result != 0)
            throw new InvalidOperationException(
                $"{call} failed: {Marshal.PtrToStringAnsi(ncclGetErrorString(result))} (NCCL result {result})"
            );
    }

    public static void DriverOk(int result, string call)
    {
        if (result != 0)
            throw new InvalidOperationException($"{call} failed with CUDA driver error {result}");
    }
}
