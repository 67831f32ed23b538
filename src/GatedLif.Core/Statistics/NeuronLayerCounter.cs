using GatedLif.Neurons;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Statistics;

/// <summary>
/// Counts one spiking layer's output spikes [T, B, ...] call by call. The sums stay on the spikes' device until
/// <see cref="Counts"/>, so counting does not wait for the device.
/// </summary>
internal sealed class NeuronLayerCounter(string layer, string kind, UpdateOperations operations, int timeSteps) : IDisposable
{
    /// <summary>[T] spikes per step, then the (sample, neuron) pairs that never fired and that always fired.</summary>
    private Tensor? _sums;
    private double _samples, _neuronSamples;

    public void Add(Tensor spikes)
    {
        if (spikes.dim() < 2 || spikes.shape[0] != timeSteps)
            throw new ArgumentException($"{layer}: expected spikes [T={timeSteps}, B, ...]; got [{string.Join(", ", spikes.shape)}]");
        _sums ??= zeros(timeSteps + 2, float64, spikes.device).DetachFromDisposeScope();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        long samples = spikes.shape[1];
        var flat = spikes.reshape(timeSteps, samples, -1);
        var perStep = flat.sum([1, 2], type: float64);
        // A neuron's spike count over the T steps of one sample: at most T, exact in any float dtype.
        var perNeuron = flat.sum(dim: 0L);
        var extremes = stack([perNeuron.eq(0).sum(), perNeuron.eq(timeSteps).sum()]).to_type(float64);
        _sums.add_(cat([perStep, extremes]));
        _samples += samples;
        _neuronSamples += (double)flat.shape[2] * samples;
    }

    public NeuronLayerCounts Counts()
    {
        var sums = _sums is null ? new double[timeSteps + 2] : _sums.cpu().data<double>().ToArray();
        return new NeuronLayerCounts(layer, kind, operations, _samples, _neuronSamples,
            sums[..timeSteps], sums[timeSteps], sums[timeSteps + 1]);
    }

    public void Dispose() => _sums?.Dispose();
}
