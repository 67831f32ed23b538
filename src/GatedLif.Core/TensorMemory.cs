using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif;

/// <summary>
/// The address of a contiguous tensor's first element, on whatever device it lives (libtorch memory does not move,
/// so no pinning is needed). TorchSharp exposes CPU memory only, as a span, and keeps its own native entry point
/// internal, so this binds that exported entry point directly.
/// <para>
/// The address is valid only while the tensor is reachable: once a method no longer uses a tensor, a collection
/// that another thread starts may finalize it and free the memory (issue 36). So every method that takes an address
/// ends its use with <c>GC.KeepAlive(tensor)</c>, even where something else holds the tensor today
/// (TensorAddressLifetimeTests checks that each does).
/// </para>
/// </summary>
public static partial class TensorMemory
{
    [LibraryImport("LibTorchSharp")]
    private static partial IntPtr THSTensor_data(IntPtr handle);

    public static IntPtr Address(Tensor tensor)
    {
        if (!tensor.is_contiguous())
            throw new ArgumentException(
                "the tensor's memory is addressed as one block, so it must be contiguous",
                nameof(tensor)
            );
        var address = THSTensor_data(tensor.Handle);
        torch.CheckForErrors();
        GC.KeepAlive(tensor);
        return address;
    }
}
