namespace GatedLif.Layers.Convolutions.AutoTuning;

/// <summary>Which <see cref="LibTorchCpuCapability"/> this process's libtorch runs with.</summary>
internal static class LibTorchCpu
{
    /// <summary>ATen's rule: <c>ATEN_CPU_CAPABILITY</c> when set (as <c>scripts/cpu-emulation.sh</c> does), else
    /// AVX-512 where the processor has AVX-512 F, BW, VL and DQ.</summary>
    public static LibTorchCpuCapability Capability { get; } =
        Detect(
            Environment.GetEnvironmentVariable("ATEN_CPU_CAPABILITY"),
            File.Exists("/proc/cpuinfo")
                ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal))
                : null
        );

    public static LibTorchCpuCapability Detect(string? atenCapability, string? cpuFlags)
    {
        if (!string.IsNullOrEmpty(atenCapability))
            return atenCapability.Equals("avx512", StringComparison.OrdinalIgnoreCase)
                ? LibTorchCpuCapability.Avx512
                : LibTorchCpuCapability.Avx2;
        var flags = (cpuFlags ?? "").Split([' ', '\t', ':'], StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        return new[] { "avx512f", "avx512bw", "avx512vl", "avx512dq" }.All(flags.Contains)
            ? LibTorchCpuCapability.Avx512
            : LibTorchCpuCapability.Avx2;
    }
}
