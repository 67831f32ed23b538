namespace GatedLif.Training;

/// <summary>
/// PyTorch's <c>StepLR</c> in its recursive form: at each step the epoch count grows by one and, when it is a
/// positive multiple of <c>step_size</c>, every rate is multiplied by <c>gamma</c>.
/// </summary>
public sealed class StepLr(IReadOnlyList<double> baseRates, double stepSize, double gamma) : IEpochSchedule
{
    public double StepSize { get; } =
        stepSize > 0 ? stepSize : throw new ArgumentOutOfRangeException(nameof(stepSize), "step_size must be positive");
    public double Gamma { get; } = gamma;
    public double[] BaseRates { get; } = baseRates.ToArray();
    public int LastEpoch { get; private set; }
    public double[] Rates { get; } = baseRates.ToArray();

    public void Step()
    {
        LastEpoch++;
        // Python's float modulo; step_size is a float in the reference (argparse type=float).
        if (LastEpoch % StepSize != 0)
            return;
        for (int g = 0; g < Rates.Length; g++)
            Rates[g] *= Gamma;
    }

    /// <summary><c>StepLR.state_dict()</c>.</summary>
    public Dictionary<string, object?> StateDict() =>
        EpochScheduleState.Of(this, ("step_size", StepSize), ("gamma", Gamma));
}
