using GatedLif.Kernels;
using GatedLif.Layers.Convolutions.AutoTuning;

namespace GatedLif.Layers.Convolutions;

/// <summary>How the convolutions that read spikes (see <see cref="SpikeInput"/>) compute.</summary>
public enum ConvolutionImplementation
{
    /// <summary>Every convolution dense (<see cref="Conv2dCall"/>'s libtorch or unfold path).</summary>
    Dense,

    /// <summary>Spike-input convolutions run <see cref="SpikeConvolutionKernel"/> forward and for the weight
    /// gradient.</summary>
    Spike,

    /// <summary>Each spike-input convolution measures its input density at its first call and runs the spike kernel
    /// in each direction whose crossover density (<see cref="CrossoverRule"/>) is above it (<see
    /// cref="AutoChoice"/>).</summary>
    Auto,
}
