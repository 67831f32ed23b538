using GatedLif.Layers;
using GatedLif.Layers.Convolutions;
using GatedLif.Models.Blocks;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Models.Networks;

/// <summary>
/// The CIFAR10-DVS networks (the reference's <c>ResNetN</c>, <c>ResNetN_GLIF</c>, <c>ResNetN_vanillaLIF</c>): input
/// [N, T, 2, H, W] is made time-first; <c>conv</c> is one sequence of stages, each an optional conv-bn-spike (1x1 or
/// 3x3) when the channel count changes, its blocks and an optional 2x2 pool, closed by a flatten from dim 2; the
/// read-out is <c>out = Linear(features, classes)</c> with bias on the mean over T. Every neuron comes from one
/// factory, and the network runs on any number of time steps its neurons accept. The classifier is sized from the
/// real input side (the reference sizes it from a fixed 48 or 128). Every convolution but the first (which reads
/// event frames) is marked with what it reads: spikes, or their sums and averages.
/// </summary>
public sealed class SewResNet : nn.Module<Tensor, Tensor>
{
    /// <summary>
    /// One stage (one entry of the reference's <c>layer_list</c>): its channels, whether a 2x2 pool follows
    /// (<c>k_pool</c>), its block type and count, the kernel of the conv-bn-spike that changes the channel count
    /// (<c>up_kernel_size</c>) and the blocks' middle channels (the stage's channels when null).
    /// </summary>
    public sealed record Stage(
        int Channels,
        bool Pool,
        DvsBlock? Block = null,
        int Blocks = 1,
        int UpKernel = 1,
        int? MidChannels = null
    )
    {
        /// <summary>The block the stage stacks: <see cref="DvsBlock.Sew"/> unless it names another.</summary>
        public DvsBlock Block { get; init; } = Block ?? DvsBlock.Sew;
    }

    public const int InputChannels = 2;

    private readonly nn.Module<Tensor, Tensor> conv,
        @out;

    public SewResNet(
        IReadOnlyList<Stage> stages,
        ConnectFunction connect,
        NeuronFactory neuron,
        int inputSide,
        int classes = 10,
        StagePooling pooling = StagePooling.Average
    )
        : base(nameof(SewResNet))
    {
        var layers = new List<nn.Module<Tensor, Tensor>>();
        int inChannels = InputChannels;
        long side = inputSide;
        SpikeInput? input = null;
        foreach (var stage in stages)
        {
            if (inChannels != stage.Channels)
            {
                if (stage.UpKernel is not (1 or 3))
                    throw new ArgumentException(
                        $"a stage's channel-changing convolution is 1x1 or 3x3, not {stage.UpKernel}x{stage.UpKernel}"
                    );
                layers.Add(ConvBnSpike.Create(inChannels, stage.Channels, stage.UpKernel, neuron, input));
                input = SpikeInput.Binary;
            }
            inChannels = stage.Channels;
            int mid = stage.MidChannels ?? stage.Channels;
            for (int b = 0; b < stage.Blocks; b++)
            {
                layers.Add(stage.Block.Build(inChannels, mid, connect, neuron, input));
                input = stage.Block.Output(connect, input);
            }
            if (stage.Pool)
            {
                // A maximum of spikes is a spike; an average of them is not.
                if (pooling == StagePooling.Average && input is not null)
                    input = SpikeInput.NonNegative;
                side /= 2;
                if (side < 1)
                    throw new ArgumentException(
                        $"a {inputSide}x{inputSide} input is too small for this network's "
                            + $"{stages.Count(s => s.Pool)} 2x2 poolings"
                    );
                layers.Add(new TimeDistributed(pooling == StagePooling.Max ? nn.MaxPool2d(2, 2) : nn.AvgPool2d(2, 2)));
            }
        }
        layers.Add(nn.Flatten(2));
        conv = nn.Sequential(layers.Select((l, i) => (i.ToString(), l)).ToArray());
        @out = nn.Linear(side * side * inChannels, classes, hasBias: true);
        register_module(nameof(conv), conv);
        register_module("out", @out);
    }

    /// <summary>[N, T, 2, H, W] → logits [N, classes].</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var sequence = x.permute(1, 0, 2, 3, 4);
        var features = conv.call(sequence);
        // The read-out Linear sits outside the time-distributed containers, so it joins -amp's autocast here.
        return LayerCall.Run(@out, features.mean([0])).MoveToOuterDisposeScope();
    }
}
