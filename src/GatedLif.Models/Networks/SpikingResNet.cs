using GatedLif.Layers;
using GatedLif.Models.Blocks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GatedLif.Models.Networks;

/// <summary>
/// Spiking ResNet built from a <see cref="ResNetLayout"/>: <c>conv1 = [conv-bn, neuron]</c>, <c>features</c>
/// (the layout's blocks, numbered across stages), <c>globalave</c> (adaptive average pool to 1x1) and <c>lastave</c>
/// (bias-free Linear layers on [T, B, features]: 512→256→classes, or 512→classes). Neurons and batch norm come
/// from the factories it is given.
/// </summary>
public sealed class SpikingResNet : StaticImageNetwork
{
    public const int HiddenHeadWidth = 256;

    private readonly nn.Module<Tensor, Tensor> conv1,
        globalave,
        lastave;
    private readonly ModuleList<nn.Module<Tensor, Tensor>> features;

    public SpikingResNet(
        ResNetLayout layout,
        NeuronFactory neurons,
        NormLayer norm,
        int timeSteps,
        int classes,
        bool hiddenHead
    )
        : base(nameof(SpikingResNet), timeSteps, classes)
    {
        conv1 = nn.Sequential(
            (
                "0",
                ConvBn.Create(
                    3,
                    layout.StemChannels,
                    layout.StemKernel,
                    layout.StemStride,
                    layout.StemPadding,
                    norm: norm
                )
            ),
            ("1", neurons(layout.StemChannels))
        );

        features = new ModuleList<nn.Module<Tensor, Tensor>>();
        int channels = layout.StemChannels;
        for (int stage = 0; stage < layout.StageBlocks.Length; stage++)
        {
            for (int i = 0; i < layout.StageBlocks[stage]; i++)
            {
                int stride = i == 0 ? layout.StageStrides[stage] : 1;
                features.Add(layout.Block(neurons, norm, channels, layout.StageChannels[stage], stride));
                channels = layout.StageChannels[stage];
            }
        }

        globalave = new TimeDistributed(nn.AdaptiveAvgPool2d(1));
        int hidden = ResNetLayout.Scale(HiddenHeadWidth, layout.FeatureChannels / 512.0);
        lastave = hiddenHead
            ? new TimeDistributed(
                nn.Linear(layout.FeatureChannels, hidden, hasBias: false),
                nn.Linear(hidden, classes, hasBias: false)
            )
            : new TimeDistributed(nn.Linear(layout.FeatureChannels, classes, hasBias: false));

        register_module(nameof(conv1), conv1);
        register_module(nameof(features), features);
        register_module(nameof(globalave), globalave);
        register_module(nameof(lastave), lastave);
        WeightInit.Apply(this);
    }

    protected override Tensor Sequence(Tensor input)
    {
        var x = conv1.call(input);
        foreach (var block in features)
        {
            var next = block.call(x);
            x.Dispose();
            x = next;
        }
        using var pooled = globalave.call(x);
        x.Dispose();
        using var flat = pooled.view(pooled.shape[0], pooled.shape[1], -1);
        return lastave.call(flat);
    }
}
