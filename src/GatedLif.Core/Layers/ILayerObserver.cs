using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Layers;

/// <summary>
/// Sees every convolution and linear layer (and every other layer of a time-distributed container) that runs through
/// <see cref="LayerCall"/> while it is attached with <see cref="LayerObservation.Attach"/>.
/// </summary>
public interface ILayerObserver
{
    /// <summary>
    /// <paramref name="layer"/> computed <paramref name="output"/> from <paramref name="input"/>, whose leading dim
    /// holds <paramref name="steps"/> time steps of each sample (a time-distributed container's flattened [T*B, ...];
    /// 1 for a layer that runs once per sample). Both tensors are the layer's own; an observer must not keep them.
    /// </summary>
    void Observe(nn.Module<Tensor, Tensor> layer, Tensor input, Tensor output, long steps);
}
