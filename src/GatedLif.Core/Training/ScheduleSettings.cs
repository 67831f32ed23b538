using System.Collections;
using System.Globalization;

namespace GatedLif.Training;

/// <summary>
/// The learning-rate schedule a run asks for, stepped once per epoch: cosine annealing to zero over
/// <see cref="CosineSchedule.TMax"/> epochs, or a step decay. A resumed run builds its schedule from these settings
/// (the current command line) and steps it to the checkpoint's epoch, as the reference's resume builds a fresh
/// scheduler and steps it once per finished epoch; the checkpoint's own settings only tell whether they changed.
/// The settings (<see cref="CosineSchedule"/>, <see cref="StepSchedule"/>) are what a run chose and a checkpoint
/// records; the schedulers they create (<see cref="CosineAnnealingLr"/>, <see cref="StepLr"/>, PyTorch's names)
/// hold the rates and step them.
/// </summary>
public abstract record ScheduleSettings
{
    /// <summary>A fresh schedule over groups starting at <paramref name="baseRates"/>.</summary>
    public abstract IEpochSchedule Create(IReadOnlyList<double> baseRates);

    /// <summary>The schedule after <paramref name="steps"/> epochs, by stepping a fresh one: the same floats a run
    /// that was never stopped holds.</summary>
    public IEpochSchedule CreateAt(IReadOnlyList<double> baseRates, int steps)
    {
        var schedule = Create(baseRates);
        for (int i = 0; i < steps; i++)
            schedule.Step();
        return schedule;
    }

    /// <summary>The settings a PyTorch scheduler <c>state_dict()</c> was saved with, or null when it is neither
    /// a CosineAnnealingLR nor a StepLR state.</summary>
    public static ScheduleSettings? Saved(IDictionary state)
    {
        if (state.Contains("T_max"))
            return new CosineSchedule(
                state["T_max"] is IList perGroup
                    ? Convert.ToInt32(perGroup[0], CultureInfo.InvariantCulture)
                    : Convert.ToInt32(state["T_max"], CultureInfo.InvariantCulture)
            );
        if (state.Contains("step_size") && state.Contains("gamma"))
            return new StepSchedule(
                Convert.ToDouble(state["step_size"], CultureInfo.InvariantCulture),
                Convert.ToDouble(state["gamma"], CultureInfo.InvariantCulture)
            );
        return null;
    }
}

/// <summary>PyTorch's CosineAnnealingLR with eta_min 0 and the same T_max for every group.</summary>
public sealed record CosineSchedule(int TMax) : ScheduleSettings
{
    public override IEpochSchedule Create(IReadOnlyList<double> baseRates) =>
        new CosineAnnealingLr(baseRates, baseRates.Select(_ => TMax).ToList());
}

/// <summary>PyTorch's StepLR: every <see cref="StepSize"/> epochs the rates are multiplied by <see
/// cref="Gamma"/>.</summary>
public sealed record StepSchedule(double StepSize, double Gamma) : ScheduleSettings
{
    public override IEpochSchedule Create(IReadOnlyList<double> baseRates) => new StepLr(baseRates, StepSize, Gamma);
}
