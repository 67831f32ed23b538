using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Cli.Commands;

/// <summary>train.py runs on CUDA when PyTorch sees a GPU, else on the CPU; <c>--device</c> (ours) overrides.</summary>
public static class DeviceChoice
{
    public static Device Resolve(string? flag, string flagName = "--device")
    {
        if (string.IsNullOrWhiteSpace(flag))
            return cuda.is_available() ? CUDA : CPU;
        var text = flag.Trim().ToLowerInvariant();
        if (text == "cpu")
            return CPU;
        if (text == "cuda" || text.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!cuda.is_available())
                throw new UsageException(
                    $"{flagName} {flag}: no CUDA device is visible to TorchSharp (this build may use the CPU libtorch package; see README, GPU builds)");
            return new Device(text);
        }
        throw new UsageException($"{flagName} {flag}: expected cpu, cuda or cuda:N");
    }
}
