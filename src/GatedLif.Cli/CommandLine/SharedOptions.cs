namespace GatedLif.Cli.CommandLine;

/// <summary>The values of the flags both front-ends share (<see cref="SharedFlags"/>).</summary>
public sealed record SharedOptions
{
    public string ConvImpl { get; init; } = "";
    public bool SpikeStats { get; init; }
    public double EnergyMacPj { get; init; }
    public double EnergyAcPj { get; init; }
}
