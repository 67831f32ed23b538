using static TorchSharp.torch;

namespace GatedLif.Surrogates;

/// <summary>
/// How a neuron fires and what its spike passes back: a Heaviside step of z = u - Vth forward, a surrogate of its
/// derivative backward, as one autograd function. Neurons are given one, as SpikingJelly's are given their
/// <c>surrogate_function</c>; the fused GLIF kernels read the rectangular one's window.
/// </summary>
public interface ISpikeSurrogate
{
    /// <summary>Spikes of <paramref name="z"/>, in its dtype.</summary>
    Tensor Fire(Tensor z);
}
