using GatedLif.Layers;
using GatedLif.Layers.Convolutions;
using GatedLif.Models.Blocks;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Models.Networks;

/// <summary>
/// The CIFAR10-DVS SEW ResNets (the reference's <c>ResNetN_GLIF</c> / <c>ResNetN_vanillaLIF</c>): input
/// [N, T, 2, H, W] is made time-first; <c>conv</c> is one sequence of stages, each an optional 1x1
/// conv-bn-spike when the channel count changes, one SEW block and an optional 2x2 average pool, closed by a
/// flatten from dim 2; the read-out is <c>out = Linear(features, classes)</c> with bias on the mean over T.
/// The classifier is sized from the real input side (the reference sizes it from a fixed 48 or 128).
/// Every convolution but the first (which reads event frames) reads spikes or their sums and averages.
/// </summary>
public sealed class SewResNet : nn.Module<Tensor, Tensor>
{
    /// <summary>One stage: its channels and whether a 2x2 average pool follows.</summary>
    public sealed record Stage(int Channels, bool Pool);

    /// <summary>7B-wideNet (<c>SEWResNet_GLIF_dsr</c>): 4 stages of 64 channels, 3 of 128, pooling after the last 4.</summary>
    public static readonly IReadOnlyList<Stage> WideNet7B =
        [new(64, false), new(64, false), new(64, false), new(64, true), new(128, true), new(128, true), new(128, true)];

    /// <summary><c>SEWResNet_GLIF</c> and <c>SEWResNet_vanillaLIF</c>: the same stages, each followed by a pool.</summary>
    public static readonly IReadOnlyList<Stage> PoolEveryStage = WideNet7B.Select(s => s with { Pool = true }).ToList();

    public const int InputChannels = 2;

    private readonly nn.Module<Tensor, Tensor> conv, @out;

    public SewResNet(IReadOnlyList<Stage> stages, ConnectFunction connect, Func<int, nn.Module<Tensor, Tensor>> neuron,
        int inputSide, int classes = 10) : base(nameof(SewResNet))
    {
        var layers = new List<nn.Module<Tensor, Tensor>>();
        int inChannels = InputChannels;
        long side = inputSide;
        SpikeInput? input = null;
        foreach (var stage in stages)
        {
            if (inChannels != stage.Channels)
            {
                layers.Add(ConvBnSpike.Create(inChannels, stage.Channels, 1, neuron, input));
                input = SpikeInput.Binary;
            }
            inChannels = stage.Channels;
            layers.Add(new SewBlock(inChannels, inChannels, connect, neuron, input));
            input = SewBlock.Output(connect, input);
            if (stage.Pool)
            {
                input = input is null ? null : SpikeInput.NonNegative;
                side /= 2;
                if (side < 1)
                    throw new ArgumentException(
                        $"a {inputSide}x{inputSide} input is too small for this network's {stages.Count(s => s.Pool)} 2x2 poolings");
                layers.Add(new TimeDistributed(nn.AvgPool2d(2, 2)));
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
