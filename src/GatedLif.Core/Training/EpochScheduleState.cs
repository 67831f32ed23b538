using System.Collections;
using GatedLif.Checkpoints;

namespace GatedLif.Training;

/// <summary>
/// The layout of PyTorch's epoch schedulers' <c>state_dict()</c>: the scheduler's own settings first (its
/// <c>__dict__</c> order), then what every <c>LRScheduler</c> keeps: base_lrs, last_epoch, _step_count, verbose,
/// _get_lr_called_within_step, _last_lr.
/// </summary>
public static class EpochScheduleState
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

    /// <summary>Puts a saved <c>last_epoch</c> and <c>_last_lr</c> back into <paramref name="schedule"/>.</summary>
    /// <exception cref="CheckpointException">The saved state lacks either.</exception>
    public static void Restore(IEpochSchedule schedule, IDictionary state, string source)
    {
        if (state["_last_lr"] is not IList rates || state["last_epoch"] is null)
            throw new CheckpointException($"{source}: 'lr_scheduler' has no '_last_lr' or 'last_epoch'");
        schedule.Restore(Convert.ToInt32(state["last_epoch"]), rates.Cast<object>().Select(Convert.ToDouble).ToList());
    }
}
