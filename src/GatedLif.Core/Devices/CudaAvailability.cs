using static TorchSharp.torch;

namespace GatedLif.Devices;

/// <summary>
/// Whether CUDA can be used, and if not, why: the loaded libtorch is a CPU build (NuGet's CPU package, or a CPU
/// PyTorch), or a CUDA build that sees no device. TorchSharp only answers "is CUDA available"; which libtorch is
/// loaded shows in the process's mapped libraries, since every CUDA libtorch loads libtorch_cuda.so with it.
/// Neither changes while a process runs, so both are looked up once.
/// </summary>
public static class CudaAvailability
{
    private static readonly Lazy<bool> Available = new(() => cuda.is_available());
    private static readonly Lazy<bool> CudaBuild = new(() =>
    {
        // Asking TorchSharp first makes it load its CUDA backend where there is one.
        if (Available.Value)
            return true;
        const string maps = "/proc/self/maps";
        return File.Exists(maps)
            && File.ReadLines(maps).Any(l => l.Contains("libtorch_cuda.so", StringComparison.Ordinal));
    });

    public static bool IsAvailable => Available.Value;

    /// <summary>Whether the libtorch this process runs on was built with CUDA.</summary>
    public static bool IsCudaBuild => CudaBuild.Value;

    /// <summary>Null when a CUDA device can be used; otherwise one sentence saying why not.</summary>
    public static string? UnavailableReason() =>
        IsAvailable ? null
        : IsCudaBuild
            ? "this libtorch is a CUDA build, but no CUDA device is visible (check nvidia-smi, the NVIDIA driver and "
                + "CUDA_VISIBLE_DEVICES)"
        : "this build runs on a CPU-only libtorch";
}
