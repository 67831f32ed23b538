namespace GatedLif.Training;

/// <summary>A learning-rate schedule stepped once per epoch, as PyTorch's epoch schedulers are.</summary>
public interface IEpochSchedule
{
    /// <summary>Epochs stepped so far (PyTorch's <c>last_epoch</c>).</summary>
    int LastEpoch { get; }

    /// <summary>The current rate of every group (PyTorch's <c>get_last_lr()</c>).</summary>
    double[] Rates { get; }

    double[] BaseRates { get; }

    void Step();

    /// <summary>The PyTorch scheduler's <c>state_dict()</c> (<see cref="EpochScheduleState"/>).</summary>
    Dictionary<string, object?> StateDict();
}
