namespace GatedLif.Neurons;

/// <summary>How a GLIF neuron runs its T steps (<c>--neuron-impl</c>); both give the same spikes.</summary>
public enum NeuronImplementation
{
    /// <summary>One custom autograd function per call: all steps forward, the reverse-time recurrence backward;
    /// a vectorised C# loop for float32 on the CPU, TorchSharp operations elsewhere.</summary>
    Fused,
    /// <summary>The fused function with TorchSharp operations on every device (the CUDA path), for comparison on a CPU.</summary>
    FusedTensorOps,
    /// <summary>One autograd graph node per element-wise operation and step, as the reference; the test oracle.</summary>
    Unrolled,
}
