using GatedLif.Kernels;
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
internal sealed class SynapseCounter : IDisposable
{
    private readonly string _layer;
    private readonly Conv2d? _conv;
    private readonly long _fanOutOfLinear;
    private readonly CountingImplementation _implementation;

    /// <summary>Multiply-accumulates per output value: the weights one output reads.</summary>
    private readonly double _macsPerOutput;

    /// <summary>The operations one input value drives, per position of an input of the given size.</summary>
    private readonly Dictionary<long, double[]> _fanOut = [];
    private readonly Dictionary<long, Tensor> _deviceFanOut = [];

    /// <summary>Synaptic operations, samples with spike input, MACs of the other samples.</summary>
    private double _sops,
        _spikeSamples,
        _macs;

    /// <summary>The same, on the input's device (tensor operations).</summary>
    private Tensor? _deviceSums;
    private double _samples,
        _annMacs;

    public SynapseCounter(string layer, nn.Module<Tensor, Tensor> module, CountingImplementation implementation)
    {
        _layer = layer;
        _implementation = implementation;
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
                throw new ArgumentException(
                    $"{layer}: only convolutions and linear layers are counted, not {module.GetType().Name}"
                );
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
        // Convolutions: [items, channels, positions]; linear layers: every input value of an item drives every output.
        long channels = _conv is null ? 1 : input.shape[1];
        long positions = items == 0 ? 0 : input.numel() / items / channels;
        var fanOut = FanOut(input, positions);

        if (_implementation == CountingImplementation.Auto && CpuSpikeCounting.Supports(input))
        {
            var (sops, spikes) = CpuSpikeCounting.Synapses(input, channels, fanOut);
            for (long b = 0; b < samples; b++)
            {
                bool spikeSample = true;
                double sampleSops = 0;
                for (long t = 0; t < steps; t++)
                {
                    spikeSample &= spikes[t * samples + b];
                    sampleSops += sops[t * samples + b];
                }
                if (spikeSample)
                {
                    _sops += sampleSops;
                    _spikeSamples++;
                }
                else
                    _macs += macsPerItem * steps;
            }
            return;
        }
        AddWithTensors(input, steps, samples, channels, positions, macsPerItem, fanOut);
    }

    private void AddWithTensors(
        Tensor input,
        long steps,
        long samples,
        long channels,
        long positions,
        double macsPerItem,
        double[] fanOut
    )
    {
        _deviceSums ??= zeros(3, float64, input.device).DetachFromDisposeScope();
        if (!_deviceFanOut.TryGetValue(positions, out var map))
        {
            map = tensor(fanOut, float64, input.device).DetachFromDisposeScope();
            _deviceFanOut[positions] = map;
        }
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var perSample = input.reshape(steps, samples, -1);
        var spikeInput = perSample.ne(0).logical_and_(perSample.ne(1)).any(2L).any(0L).logical_not_().to_type(float64);
        // Summing spikes over channels first is exact (at most the channel count) and shrinks the product C-fold.
        var channelSums = input.reshape(steps * samples, channels, positions).sum(dim: 1L).to_type(float64);
        var sops = channelSums.mul_(map).sum(dim: 1L).view(steps, samples).sum(dim: 0L);
        var spikeSamples = spikeInput.sum();
        var macs = (samples - spikeSamples) * (macsPerItem * steps);
        _deviceSums.add_(stack([(sops * spikeInput).sum(), spikeSamples, macs]));
    }

    private double[] FanOut(Tensor input, long positions)
    {
        if (_fanOut.TryGetValue(positions, out var map))
            return map;
        if (_conv is null)
        {
            map = new double[positions];
            Array.Fill(map, _fanOutOfLinear);
        }
        else
        {
            var weight = _conv.weight!;
            map = ConvolutionFanOut.Map(
                ConvolutionGeometry.Of(_conv),
                weight.shape[2],
                weight.shape[3],
                input.shape[2],
                input.shape[3],
                weight.shape[0] / _conv.groups
            );
        }
        _fanOut[positions] = map;
        return map;
    }

    public SynapseCounts Counts()
    {
        double sops = _sops,
            spikeSamples = _spikeSamples,
            macs = _macs;
        if (_deviceSums is not null)
        {
            var device = _deviceSums.cpu().data<double>().ToArray();
            sops += device[0];
            spikeSamples += device[1];
            macs += device[2];
        }
        return new SynapseCounts(_layer, Kind, _samples, _annMacs, sops, macs, spikeSamples);
    }

    public void Dispose()
    {
        _deviceSums?.Dispose();
        foreach (var map in _deviceFanOut.Values)
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
