using GatedLif.Layers.Convolutions;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Layers;

/// <summary>
/// Runs ordinary (non-temporal) layers on a sequence: [T, B, ...] is flattened to [T*B, ...], passed through
/// the children in order and reshaped back. SpikingJelly's <c>SeqToANNContainer</c>; children are named
/// 0, 1, ... so state_dict keys read <c>&lt;prefix&gt;.0.weight</c>, <c>&lt;prefix&gt;.1.running_mean</c>.
/// Convolutions and linear layers run through <see cref="LayerCall"/>; when the sequence is spikes,
/// <see cref="InputRoute"/> lets the first layer use the spike kernel (<see cref="ConvolutionRoute"/>).
/// </summary>
public sealed class TimeDistributed : nn.Module<Tensor, Tensor>
{
    private readonly List<nn.Module<Tensor, Tensor>> _layers = [];

    public TimeDistributed(params nn.Module<Tensor, Tensor>[] layers)
        : base(nameof(TimeDistributed))
    {
        for (int i = 0; i < layers.Length; i++)
        {
            register_module(i.ToString(), layers[i]);
            _layers.Add(layers[i]);
        }
    }

    public IReadOnlyList<nn.Module<Tensor, Tensor>> Layers => _layers;

    /// <summary>Set when the container's input is spikes: how its first layer, which reads them, computes.</summary>
    public ConvolutionRoute? InputRoute { get; init; }

    public override Tensor forward(Tensor x)
    {
        long t = x.shape[0],
            b = x.shape[1];
        var flat = x.flatten(0, 1);
        for (int i = 0; i < _layers.Count; i++)
        {
            var next = LayerCall.Run(_layers[i], flat, i == 0 ? InputRoute : null, t);
            flat.Dispose();
            flat = next;
        }
        long[] shape = [t, b, .. flat.shape[1..]];
        var output = flat.view(shape);
        flat.Dispose();
        return output;
    }
}
