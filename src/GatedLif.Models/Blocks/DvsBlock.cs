using GatedLif.Layers.Convolutions;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Models.Blocks;

/// <summary>
/// A block type a CIFAR10-DVS stage stacks (the reference's <c>block_type</c>), passed to the network as
/// torchvision passes its <c>block</c>: how to build one, and what its output is for an input of a given kind
/// (null: not spikes), which marks the next convolution.
/// </summary>
public sealed record DvsBlock(
    string Name,
    DvsBlock.Builder Build,
    Func<ConnectFunction, SpikeInput?, SpikeInput?> Output
)
{
    /// <summary>One block: its channels, middle channels, the network's connect function, neurons and input
    /// kind.</summary>
    public delegate nn.Module<Tensor, Tensor> Builder(
        int channels,
        int midChannels,
        ConnectFunction connect,
        NeuronFactory neuron,
        SpikeInput? input
    );

    /// <summary><see cref="SewBlock"/> (<c>'sew'</c>).</summary>
    public static readonly DvsBlock Sew = new(
        "sew",
        (c, mid, connect, neuron, input) => new SewBlock(c, mid, connect, neuron, input),
        SewBlock.Output
    );

    /// <summary><see cref="PlainBlock"/> (<c>'plain'</c>): its output is its branch's spikes.</summary>
    public static readonly DvsBlock Plain = new(
        "plain",
        (c, mid, _, neuron, input) => PlainBlock.Create(c, mid, neuron, input),
        (_, _) => SpikeInput.Binary
    );

    /// <summary><see cref="DvsBasicBlock"/> (<c>'basic'</c>): its output is its last neuron's spikes.</summary>
    public static readonly DvsBlock Basic = new(
        "basic",
        (c, mid, _, neuron, input) => new DvsBasicBlock(c, mid, neuron, input),
        (_, _) => SpikeInput.Binary
    );
}
