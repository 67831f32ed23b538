using static TorchSharp.torch;

namespace GatedLif.Neurons;

/// <summary>How a neuron's per-channel values meet its input: a [C] tensor viewed as [1, C, 1, ...] against a tensor
/// of the given rank (as [C] itself against a rank-1 one).</summary>
public static class ChannelView
{
    public static Tensor PerChannel(Tensor values, long rank)
    {
        var shape = new long[rank];
        Array.Fill(shape, 1L);
        shape[Math.Min(1, rank - 1)] = -1;
        return values.view(shape);
    }
}
