namespace GatedLif.Training;

/// <summary>
/// PyTorch's <c>CosineAnnealingLR</c> (and the reference's per-group variant), stepped once per epoch with
/// eta_min = 0. Like PyTorch it updates each rate recursively from the current one,
/// <c>lr ← (1 + cos(π e / T)) / (1 + cos(π (e - 1) / T)) · (lr - η) + η</c>, which is what a PyTorch run's
/// rates are to the last bit; the closed form <c>η + (lr₀ - η)(1 + cos(π e / T)) / 2</c> agrees to rounding.
/// </summary>
public sealed class CosineAnnealingLr : IEpochSchedule
{
    public CosineAnnealingLr(IReadOnlyList<double> baseRates, IReadOnlyList<int> tMax, double etaMin = 0)
    {
        if (baseRates.Count != tMax.Count)
            throw new ArgumentException("one T_max per parameter group is needed");
        BaseRates = baseRates.ToArray();
        TMax = tMax.ToArray();
        EtaMin = etaMin;
        Rates = baseRates.ToArray();
    }

    public double[] BaseRates { get; }
    public int[] TMax { get; }
    public double EtaMin { get; }

    /// <summary>Epochs stepped so far (PyTorch's <c>last_epoch</c>).</summary>
    public int LastEpoch { get; private set; }

    /// <summary>The current rate of every group (PyTorch's <c>get_last_lr()</c>).</summary>
    public double[] Rates { get; }

    public void Step()
    {
        LastEpoch++;
        int e = LastEpoch;
        for (int g = 0; g < Rates.Length; g++)
        {
            int t = TMax[g];
            if ((e - 1 - t) % (2 * t) == 0)
                Rates[g] += (BaseRates[g] - EtaMin) * (1 - Math.Cos(Math.PI / t)) / 2;
            else
                Rates[g] =
                    (1 + Math.Cos(Math.PI * e / t)) / (1 + Math.Cos(Math.PI * (e - 1) / t)) * (Rates[g] - EtaMin)
                    + EtaMin;
        }
    }

    /// <summary><c>CosineAnnealingLR.state_dict()</c> (T_max a list for the reference's per-group variant).</summary>
    public Dictionary<string, object?> StateDict() =>
        EpochScheduleState.Of(
            this,
            ("T_max", TMax.Length == 1 ? TMax[0] : TMax.Cast<object?>().ToList()),
            ("eta_min", EtaMin)
        );
}
