using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif;

/// <summary>
/// The address of a contiguous tensor's first element, on whatever device it lives (libtorch memory does not move,
/// so no pinning is needed). TorchSharp exposes CPU memory only, as a span, and keeps its own native entry point
/// internal, so this binds that exported entry point directly.
/// </summary>
public static partial class TensorMemory
{
    [LibraryImport("LibTorchSharp")]
    private static partial IntPtr THSTensor_data(IntPtr handle);

    public static IntPtr Address(Tensor tensor)
    {
        if (!tensor.is_contiguous())
            throw new ArgumentException("the tensor's memory is addressed as one block, so it must be contiguous", nameof(tensor));
        var address = THSTensor_data(tensor.Handle);
        torch.CheckForErrors();
        return address;
    }
}
