namespace GatedLif.Neurons;

/// <summary>How a GLIF neuron (<c>--neuron-impl</c>) or a parametric LIF neuron runs its T steps; all give the same
/// spikes.</summary>
public enum NeuronImplementation
{
    /// <summary>One custom autograd function per call: all steps forward, the reverse-time recurrence backward;
    /// a vectorised C# loop on the CPU (GLIF: float32 and float64; PLIF: float32), TorchSharp operations elsewhere
    /// (GLIF) or the step loop (PLIF).</summary>
    Fused,

    /// <summary>The fused function with TorchSharp operations on every device (the CUDA path), for comparison on a
    /// CPU.</summary>
    FusedTensorOps,

    /// <summary>One autograd graph node per element-wise operation and step, as the reference; the test
    /// oracle.</summary>
    Unrolled,
}
