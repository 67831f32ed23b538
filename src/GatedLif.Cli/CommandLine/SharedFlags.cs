using GatedLif.Statistics;

namespace GatedLif.Cli.CommandLine;

/// <summary>
/// The flags both front-ends share, spelt, defaulted and checked alike: <c>--conv-impl</c> and the spike statistics.
/// Each command line adds this table to its own
/// (<see cref="FlagTable{TOptions}.Add{TPart}(FlagTable{TPart},Func{TOptions,TPart},Func{TOptions,TPart,TOptions})"/>).
/// </summary>
public static class SharedFlags
{
    /// <summary>A new table (an option belongs to one command line).</summary>
    public static FlagTable<SharedOptions> Table() =>
        new()
        {
            {
                ConvolutionImplementationFlag.Name,
                ConvolutionImplementationFlag.Default,
                ConvolutionImplementationFlag.Description,
                (o, v) => o with { ConvImpl = v },
                ConvolutionImplementationFlag.Check
            },
            { SpikeStatisticsFlags.Name, SpikeStatisticsFlags.Description, (o, v) => o with { SpikeStats = v } },
            {
                SpikeStatisticsFlags.MacName,
                EnergyModel.HorowitzMacPicojoules,
                SpikeStatisticsFlags.MacDescription,
                (o, v) => o with { EnergyMacPj = v }
            },
            {
                SpikeStatisticsFlags.AcName,
                EnergyModel.HorowitzAcPicojoules,
                SpikeStatisticsFlags.AcDescription,
                (o, v) => o with { EnergyAcPj = v }
            },
        };
}
