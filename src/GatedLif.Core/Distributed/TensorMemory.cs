using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Distributed;

/// <summary>
/// The address of a tensor's first element, on whatever device it lives. TorchSharp exposes CPU memory only (as a
/// span) and keeps its own native entry point internal, so this binds that exported entry point directly.
/// </summary>
internal static partial class TensorMemory
{
    [LibraryImport("LibTorchSharp")]
    private static partial IntPtr THSTensor_data(IntPtr handle);

    public static IntPtr Address(Tensor tensor)
    {
        if (!tensor.is_contiguous())
            throw new ArgumentException("collectives need contiguous tensors", nameof(tensor));
        var address = THSTensor_data(tensor.Handle);
        torch.CheckForErrors();
        return address;
    }
}
