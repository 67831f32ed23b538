namespace GatedLif.Neurons;

/// <summary>
/// A layer of spiking neurons as spike statistics see it: a module whose output is spikes, with the name of its
/// kind for reports and the arithmetic one neuron performs per time step.
/// </summary>
public interface ISpikingNeuron
{
    string Kind { get; }

    UpdateOperations Operations { get; }
}
