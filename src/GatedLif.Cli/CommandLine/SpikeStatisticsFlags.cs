using GatedLif.Statistics;
using GatedLif.Training;

namespace GatedLif.Cli.CommandLine;

/// <summary>The spike statistics flags, spelt alike on both command lines.</summary>
public static class SpikeStatisticsFlags
{
    public const string Name = "--spike-stats";
    public const string MacName = "--energy-mac-pj";
    public const string AcName = "--energy-ac-pj";

    public const string Description =
        "Ours: count spikes, synaptic operations and energy in test passes: with --eval a per-layer table after the "
        + "TEST line and spike-stats.json in the run's folder; in training, TensorBoard spikes/<layer>/firing_rate "
        + "per test pass.";
    public const string MacDescription =
        "Ours: picojoules per multiply-accumulate in the energy estimate (45 nm, Horowitz 2014).";
    public const string AcDescription =
        "Ours: picojoules per accumulate (synaptic operation) in the energy estimate (45 nm, Horowitz 2014).";

    /// <summary>What the flags ask for, for a model whose neurons run <paramref name="timeSteps"/> steps; null when
    /// statistics are off. The energy figures are checked either way.</summary>
    public static TestStatistics? For(SharedOptions flags, int timeSteps)
    {
        EnergyModel energy;
        try
        {
            energy = EnergyModel.Of(flags.EnergyMacPj, flags.EnergyAcPj);
        }
        catch (ArgumentOutOfRangeException e)
        {
            // EnergyModel.Of names the figure it refused by its parameter.
            var flag = e.ParamName == "macPicojoules" ? MacName : AcName;
            throw new UsageException($"{flag} must be a number of picojoules of at least 0 (got {e.ActualValue})");
        }
        return flags.SpikeStats ? new TestStatistics(timeSteps, energy) : null;
    }
}
