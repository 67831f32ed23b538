namespace GatedLif.Layers.Convolutions.AutoTuning;

/// <summary>The vector instructions libtorch's CPU kernels (ATen, oneDNN) run with on this machine.</summary>
public enum LibTorchCpuCapability
{
    /// <summary>AVX2 or less: <c>ATEN_CPU_CAPABILITY</c> set to anything but avx512, or a processor without
    /// AVX-512.</summary>
    Avx2,
    Avx512,
}
