using GatedLif.Layers.Convolutions;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GatedLif.Statistics;

/// <summary>
/// Counts one convolution's or linear layer's operations call by call. Each sample is judged on its own: when every
/// value of its input (all steps) is 0 or 1 it is spikes, and its synaptic operations are the spikes times the
/// outputs each drives (<see cref="ConvolutionFanOut"/>; a linear layer's every output); otherwise the layer
/// computed every multiply-accumulate for it. Judging per sample keeps the counts independent of batching.
/// </summary>
internal sealed class SynapticLayerCounter : IDisposable
{
    private readonly string _layer;
    private readonly Conv2d? _conv;
    private readonly long _fanOutOfLinear;
    /// <summary>Multiply-accumulates per output value: the weights one output reads.</summary>
    private readonly double _macsPerOutput;
    private readonly Dictionary<(long Height, long Width), Tensor> _fanOutMaps = [];
    /// <summary>Synaptic operations, samples with spike input, MACs of the other samples.</summary>
    private Tensor? _sums;
    private double _samples, _annMacs;

    public SynapticLayerCounter(string layer, nn.Module<Tensor, Tensor> module)
    {
        _layer = layer;
        Tensor weight;
        switch (module)
        {
            case Conv2d conv:
                _conv = conv;
                weight = conv.weight!;
                Kind = ConvolutionKind(conv);
                break;
            case Linear linear:
                weight = linear.weight!;
                _fanOutOfLinear = weight.shape[0];
                Kind = "linear";
                break;
            default:
                throw new ArgumentException($"{layer}: only convolutions and linear layers are counted, not {module.GetType().Name}");
        }
        _macsPerOutput = (double)weight.numel() / weight.shape[0];
    }

    public string Kind { get; }

    public void Add(Tensor input, Tensor output, long steps)
    {
        long items = input.shape[0];
        if (steps < 1 || items % steps != 0)
            throw new ArgumentException($"{_layer}: an input of {items} rows does not hold {steps} steps per sample");
        long samples = items / steps;
        double macsPerItem = (double)output.numel() / items * _macsPerOutput;
        _samples += samples;
        _annMacs += macsPerItem * samples;
        _sums ??= zeros(3, float64, input.device).DetachFromDisposeScope();

        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var perSample = input.reshape(steps, samples, -1);
        var spikeInput = perSample.ne(0).logical_and_(perSample.ne(1)).any(2L).any(0L).logical_not_().to_type(float64);
        var sops = SopsPerItem(input).view(steps, samples).sum(dim: 0L);
        var spikeSamples = spikeInput.sum();
        var macs = (samples - spikeSamples) * (macsPerItem * steps);
        _sums.add_(stack([(sops * spikeInput).sum(), spikeSamples, macs]));
    }

    /// <summary>[items] float64: each row's input values times the outputs each drives.</summary>
    private Tensor SopsPerItem(Tensor input)
    {
        long items = input.shape[0];
        if (_conv is null)
            return input.reshape(items, -1).sum(dim: 1L, type: float64) * _fanOutOfLinear;
        long height = input.shape[2], width = input.shape[3];
        if (!_fanOutMaps.TryGetValue((height, width), out var map))
        {
            var weight = _conv.weight!;
            map = ConvolutionFanOut.Map(ConvolutionGeometry.Of(_conv), weight.shape[2], weight.shape[3], height, width,
                weight.shape[0] / _conv.groups, input.device);
            map.DetachFromDisposeScope();
            _fanOutMaps[(height, width)] = map;
        }
        // Summing spikes over channels first is exact (at most the channel count) and shrinks the product C-fold.
        return input.sum(dim: 1L).to_type(float64).mul_(map).sum([1, 2]);
    }

    public SynapticLayerCounts Counts()
    {
        var sums = _sums is null ? new double[3] : _sums.cpu().data<double>().ToArray();
        return new SynapticLayerCounts(_layer, Kind, _samples, _annMacs, sums[0], sums[2], sums[1]);
    }

    public void Dispose()
    {
        _sums?.Dispose();
        foreach (var map in _fanOutMaps.Values)
            map.Dispose();
    }

    private static string ConvolutionKind(Conv2d conv)
    {
        var w = conv.weight!;
        var kind = $"conv {w.shape[2]}x{w.shape[3]}";
        if (conv.stride.Any(s => s != 1))
            kind += $" s{string.Join("x", conv.stride.Distinct())}";
        if (conv.groups != 1)
            kind += $" g{conv.groups}";
        return kind;
    }
}
