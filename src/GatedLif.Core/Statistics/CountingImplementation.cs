using GatedLif.Kernels;

namespace GatedLif.Statistics;

/// <summary>How <see cref="SpikeStatisticsRecorder"/> counts a layer's tensors.</summary>
public enum CountingImplementation
{
    /// <summary>One vectorised C# pass over float32 CPU tensors (<see cref="CpuSpikeCounting"/>); libtorch tensor
    /// operations, summed on the tensors' device, for the others (CUDA, other dtypes).</summary>
    Auto,

    /// <summary>Tensor operations for every tensor: the CUDA path, run on the CPU to test it.</summary>
    TensorOperations,
}
