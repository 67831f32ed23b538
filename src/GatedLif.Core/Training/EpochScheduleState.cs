namespace GatedLif.Training;

/// <summary>
/// The layout of PyTorch's epoch schedulers' <c>state_dict()</c>: the scheduler's own settings first (its
/// <c>__dict__</c> order), then what every <c>LRScheduler</c> keeps: base_lrs, last_epoch, _step_count, verbose,
/// _get_lr_called_within_step, _last_lr.
/// </summary>
internal static class EpochScheduleState
{
    public static Dictionary<string, object?> Of(IEpochSchedule schedule, params (string Key, object? Value)[] settings)
    {
        var state = settings.ToDictionary(s => s.Key, s => s.Value);
        state["base_lrs"] = schedule.BaseRates.Cast<object?>().ToList();
        state["last_epoch"] = schedule.LastEpoch;
        state["_step_count"] = schedule.LastEpoch + 1;
        state["verbose"] = false;
        state["_get_lr_called_within_step"] = false;
        state["_last_lr"] = schedule.Rates.Cast<object?>().ToList();
        return state;
    }
}
