using GatedLif.Distributed;
using GatedLif.Layers;
using GatedLif.Neurons;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GatedLif.Statistics;

/// <summary>
/// Counts spikes and operations of a model while it is attached (<see cref="Begin"/> to <see cref="End"/>): every
/// spiking layer's spikes per step, through a forward hook on each neuron module, and every convolution's and
/// linear layer's operations, through <see cref="LayerObservation"/>. Nothing is installed before
/// <see cref="Begin"/> or after <see cref="End"/>, so a model that is not observed runs as it always does.
/// Layers are named by their state_dict prefixes and kept in module order.
/// </summary>
public sealed class SpikeStatisticsRecorder : ILayerObserver, IDisposable
{
    private readonly int _timeSteps;
    private readonly CountingImplementation _implementation;
    private readonly List<NeuronCounter> _neurons = [];
    private readonly Dictionary<nn.Module, SynapseCounter> _synapses = new(ReferenceEqualityComparer.Instance);

    /// <summary>Each layer's counts, in module order.</summary>
    private readonly List<Func<LayerCounts>> _layers = [];
    private readonly List<Action> _hookRemovals = [];
    private IDisposable? _attachment;

    private SpikeStatisticsRecorder(int timeSteps, CountingImplementation implementation)
    {
        _timeSteps = timeSteps;
        _implementation = implementation;
    }

    /// <summary>
    /// Starts counting every pass of <paramref name="model"/> (whose neurons run <paramref name="timeSteps"/> steps)
    /// on this execution flow until <see cref="End"/>.
    /// </summary>
    public static SpikeStatisticsRecorder Begin(
        nn.Module model,
        int timeSteps,
        CountingImplementation implementation = CountingImplementation.Auto
    )
    {
        if (timeSteps < 1)
            throw new ArgumentOutOfRangeException(nameof(timeSteps), timeSteps, "time steps must be at least 1");
        var statistics = new SpikeStatisticsRecorder(timeSteps, implementation);
        statistics.WatchTree("", model);
        statistics._attachment = LayerObservation.Attach(statistics);
        return statistics;
    }

    /// <summary>
    /// Counts taken during <paramref name="pass"/> (which runs <paramref name="model"/> over this rank's samples),
    /// combined over the ranks of <paramref name="world"/>: the call for "evaluate with statistics". Every rank
    /// gets the same report.
    /// </summary>
    public static (TResult Result, SpikeStatisticsReport Report) Measure<TResult>(
        nn.Module model,
        int timeSteps,
        Func<TResult> pass,
        ICollectives world,
        EnergyModel energy
    )
    {
        NetworkCounts counts;
        TResult result;
        using (var statistics = Begin(model, timeSteps))
        {
            result = pass();
            counts = statistics.End();
        }
        return (result, SpikeStatisticsReport.From(counts.Combined(world), energy));
    }

    /// <summary>Stops counting (hooks removed, observer detached) and returns what this rank counted.</summary>
    public NetworkCounts End()
    {
        if (_attachment is null)
            throw new InvalidOperationException("spike statistics already ended");
        Detach();
        var counts = new NetworkCounts(_timeSteps, _layers.Select(l => l()).ToList());
        DisposeCounters();
        return counts;
    }

    public void Dispose()
    {
        if (_attachment is null)
            return;
        Detach();
        DisposeCounters();
    }

    void ILayerObserver.Observe(nn.Module<Tensor, Tensor> layer, Tensor input, Tensor output, long steps)
    {
        if (_synapses.TryGetValue(layer, out var counter))
            counter.Add(input, output, steps);
    }

    /// <summary>Depth first in registration order, which is the order the networks run their layers in (TorchSharp's
    /// <c>named_modules</c> lists a level's children before their descendants).</summary>
    private void WatchTree(string prefix, nn.Module module)
    {
        foreach (var (name, child) in module.named_children())
        {
            var path = prefix.Length == 0 ? name : $"{prefix}.{name}";
            Watch(path, child);
            WatchTree(path, child);
        }
    }

    private void Watch(string name, nn.Module module)
    {
        switch (module)
        {
            case ISpikingNeuron neuron:
                WatchNeuron(name, (nn.Module<Tensor, Tensor>)module, neuron.Kind, neuron.Operations);
                break;
            case Conv2d or Linear:
                var synapse = new SynapseCounter(name, (nn.Module<Tensor, Tensor>)module, _implementation);
                _synapses.Add(module, synapse);
                _layers.Add(synapse.Counts);
                break;
        }
    }

    private void WatchNeuron(string name, nn.Module<Tensor, Tensor> neuron, string kind, UpdateOperations operations)
    {
        var counter = new NeuronCounter(name, kind, operations, _timeSteps, _implementation);
        _neurons.Add(counter);
        _layers.Add(counter.Counts);
        var hook = neuron.register_forward_hook(
            (_, _, spikes) =>
            {
                counter.Add(spikes);
                return spikes;
            }
        );
        _hookRemovals.Add(hook.remove);
    }

    private void Detach()
    {
        _attachment!.Dispose();
        _attachment = null;
        foreach (var remove in _hookRemovals)
            remove();
        _hookRemovals.Clear();
    }

    private void DisposeCounters()
    {
        foreach (var counter in _neurons)
            counter.Dispose();
        foreach (var counter in _synapses.Values)
            counter.Dispose();
    }
}
