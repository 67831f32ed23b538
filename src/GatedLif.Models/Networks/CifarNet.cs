using GatedLif.Layers;
using GatedLif.Layers.Convolutions;
using GatedLif.Models.Blocks;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Models.Networks;

/// <summary>
/// CIFARNet (<c>--cifarnet</c>): <c>features</c> = conv-bn(3→128), neuron, conv-bn(128→256), neuron, avgpool 2,
/// conv-bn(256→512), neuron, avgpool 2, conv-bn(512→1024), neuron, conv-bn(1024→512), neuron; then
/// <c>classifier</c> = Linear(32768→1024), Linear(1024→512), Linear(512→classes) on the flattened sequence.
/// The reference always uses channel-wise neurons here. Every layer after the first reads spikes, or their 2x2
/// averages after a pool.
/// </summary>
public sealed class CifarNet : StaticImageNetwork
{
    /// <summary>The reference's layer plan: channel counts, "A" for a 2x2 average pool.</summary>
    private static readonly string[] Plan = ["128", "256", "A", "512", "A", "1024", "512"];

    private readonly nn.Module<Tensor, Tensor> features,
        classifier;

    public CifarNet(NeuronFactory neurons, int timeSteps, int classes)
        : base(nameof(CifarNet), timeSteps, classes)
    {
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        int inChannels = 3;
        SpikeInput? input = null;
        foreach (var step in Plan)
        {
            if (step == "A")
            {
                layers.Add((layers.Count.ToString(), new TimeDistributed(nn.AvgPool2d(2, 2))));
                input = SpikeInput.NonNegative;
                continue;
            }
            int channels = int.Parse(step);
            layers.Add((layers.Count.ToString(), ConvBn.Create(inChannels, channels, 3, input: input)));
            layers.Add((layers.Count.ToString(), neurons(channels)));
            inChannels = channels;
            input = SpikeInput.Binary;
        }
        features = nn.Sequential(layers.ToArray());
        classifier = new TimeDistributed(
            nn.Linear(512 * 8 * 8, 1024, hasBias: false),
            nn.Linear(1024, 512, hasBias: false),
            nn.Linear(512, classes, hasBias: false)
        )
        {
            InputRoute = ConvBn.Route(input),
        };
        register_module(nameof(features), features);
        register_module(nameof(classifier), classifier);
        WeightInit.Apply(this);
    }

    protected override Tensor Sequence(Tensor input)
    {
        using var maps = features.call(input);
        using var flat = maps.flatten(2);
        return classifier.call(flat);
    }
}
