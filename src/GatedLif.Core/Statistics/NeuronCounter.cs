using GatedLif.Kernels;
using GatedLif.Neurons;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Statistics;

/// <summary>
/// Counts one spiking layer's output spikes [T, B, ...] call by call: on the CPU in one pass over their memory, on
/// another device with tensor operations whose sums stay there until <see cref="Counts"/>, so counting does not wait
/// for the device.
/// </summary>
internal sealed class NeuronCounter(
    string layer,
    string kind,
    UpdateOperations operations,
    int timeSteps,
    CountingImplementation implementation
) : IDisposable
{
    /// <summary>Spikes at each step, then the (sample, neuron) pairs that never fired and that always fired.</summary>
    private readonly double[] _sums = new double[timeSteps + 2];

    /// <summary>The same, on the spikes' device (tensor operations).</summary>
    private Tensor? _deviceSums;
    private double _samples,
        _neuronSamples;

    public void Add(Tensor spikes)
    {
        if (spikes.dim() < 2 || spikes.shape[0] != timeSteps)
            throw new ArgumentException(
                $"{layer}: expected spikes [T={timeSteps}, B, ...]; got [{string.Join(", ", spikes.shape)}]"
            );
        long samples = spikes.shape[1];
        _samples += samples;
        _neuronSamples += (double)(spikes.numel() / timeSteps);
        if (implementation == CountingImplementation.Auto && CpuSpikeCounting.Supports(spikes))
        {
            var (perStep, never, always) = CpuSpikeCounting.Neurons(spikes, timeSteps);
            for (int t = 0; t < timeSteps; t++)
                _sums[t] += perStep[t];
            _sums[timeSteps] += never;
            _sums[timeSteps + 1] += always;
            return;
        }
        _deviceSums ??= zeros(timeSteps + 2, float64, spikes.device).DetachFromDisposeScope();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var flat = spikes.reshape(timeSteps, samples, -1);
        var perStepSums = flat.sum([1, 2], type: float64);
        // A neuron's spike count over the T steps of one sample: at most T, exact in any float dtype.
        var perNeuron = flat.sum(dim: 0L);
        var extremes = stack([perNeuron.eq(0).sum(), perNeuron.eq(timeSteps).sum()]).to_type(float64);
        _deviceSums.add_(cat([perStepSums, extremes]));
    }

    public NeuronCounts Counts()
    {
        var sums = (double[])_sums.Clone();
        if (_deviceSums is not null)
        {
            var device = _deviceSums.cpu().data<double>().ToArray();
            for (int i = 0; i < sums.Length; i++)
                sums[i] += device[i];
        }
        return new NeuronCounts(
            layer,
            kind,
            operations,
            _samples,
            _neuronSamples,
            sums[..timeSteps],
            sums[timeSteps],
            sums[timeSteps + 1]
        );
    }

    public void Dispose() => _deviceSums?.Dispose();
}
