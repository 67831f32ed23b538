using GatedLif.Statistics;

namespace GatedLif.Training;

/// <summary>Spike statistics taken in a test pass: the time steps the model's neurons run and the energy
/// figures.</summary>
public sealed record TestStatistics(int TimeSteps, EnergyModel Energy);
