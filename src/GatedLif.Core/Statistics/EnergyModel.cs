using System.Text.Json.Serialization;

namespace GatedLif.Statistics;

/// <summary>
/// Energy per operation: a multiply-accumulate (MAC) of the dense network and an accumulate (AC) per synaptic
/// operation of a spike. The defaults are the usual 45 nm CMOS figures for 32-bit floating point (M. Horowitz,
/// "Computing's energy problem (and what we can do about it)", ISSCC 2014: multiply 3.7 pJ + add 0.9 pJ).
/// </summary>
public sealed record EnergyModel(
    [property: JsonPropertyName("mac_pj")] double MacPicojoules,
    [property: JsonPropertyName("ac_pj")] double AcPicojoules
)
{
    public const double HorowitzMacPicojoules = 4.6;
    public const double HorowitzAcPicojoules = 0.9;

    public static readonly EnergyModel Horowitz45nm = new(HorowitzMacPicojoules, HorowitzAcPicojoules);

    /// <summary>An energy model with the given figures; each must be a finite number ≥ 0.</summary>
    public static EnergyModel Of(double macPicojoules, double acPicojoules)
    {
        if (!double.IsFinite(macPicojoules) || macPicojoules < 0)
            throw new ArgumentOutOfRangeException(
                nameof(macPicojoules),
                macPicojoules,
                "the energy of a MAC must be a finite number of picojoules ≥ 0"
            );
        if (!double.IsFinite(acPicojoules) || acPicojoules < 0)
            throw new ArgumentOutOfRangeException(
                nameof(acPicojoules),
                acPicojoules,
                "the energy of an AC must be a finite number of picojoules ≥ 0"
            );
        return new(macPicojoules, acPicojoules);
    }

    /// <summary>Picojoules of <paramref name="macs"/> multiply-accumulates and <paramref name="acs"/>
    /// accumulates.</summary>
    public double Picojoules(double macs, double acs) => macs * MacPicojoules + acs * AcPicojoules;
}
