using GatedLif.Cli.CommandLine;
using GatedLif.Devices;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Cli.Hosting;

/// <summary>train.py runs on CUDA when PyTorch sees a GPU, else on the CPU; <c>--device</c> (ours) overrides.</summary>
public static class DeviceChoice
{
    /// <summary>How to get a build that can use CUDA (scripts/torch-backend.sh reads the variable).</summary>
    public const string CudaBuildHint =
        "for a CUDA build run with GATEDLIF_TORCH=cuda (NuGet's libtorch CUDA 12.8 package) or "
        + "GATEDLIF_TORCH=/path/to/site-packages/torch (an installed PyTorch's libtorch); "
        + "see docs/articles/gpu-builds.md";

    public static Device Resolve(string? flag, string flagName = "--device")
    {
        if (string.IsNullOrWhiteSpace(flag))
            return cuda.is_available() ? CUDA : CPU;
        var text = flag.Trim().ToLowerInvariant();
        if (text == "cpu")
            return CPU;
        if (
            text == "cuda"
            || (
                text.StartsWith("cuda:", StringComparison.Ordinal)
                && int.TryParse(
                    text[5..],
                    System.Globalization.NumberStyles.None,
                    System.Globalization.CultureInfo.InvariantCulture,
                    out _
                )
            )
        )
        {
            var device = new Device(text);
            if (CudaAvailability.UnavailableReason() is { } reason)
                throw new UsageException(
                    CudaAvailability.IsCudaBuild
                        ? $"{flagName} {flag}: {reason}"
                        : $"{flagName} {flag}: {reason}; {CudaBuildHint}"
                );
            if (device.index >= cuda.device_count())
                throw new UsageException($"{flagName} {flag}: only {cuda.device_count()} CUDA device(s) are visible");
            return device;
        }
        throw new UsageException($"{flagName} {flag}: expected cpu, cuda or cuda:N");
    }
}
