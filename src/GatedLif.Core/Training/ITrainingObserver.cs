namespace GatedLif.Training;

/// <summary>
/// What the <see cref="Trainer"/> tells about a run, at fixed points: the reference's log lines, progress bars,
/// TensorBoard summaries and parameter records are observers. Every method does nothing unless implemented.
/// </summary>
public interface ITrainingObserver
{
    /// <summary>A resume candidate was unreadable and the next older one is tried.</summary>
    void ResumeSkipped(string path, string reason) { }

    void Resumed(ResumedRun run) { }

    void ScheduleResumed(ResumedSchedule schedule) { }

    /// <summary>Before the first epoch of this run (after any resume).</summary>
    void RunStarting(int firstEpoch) { }

    void EpochStarting(EpochStart start) { }

    /// <summary>Once, at the first epoch that starts with every learning rate at zero: it would train
    /// nothing.</summary>
    void ScheduleEnded(int epoch) { }

    void BatchTrained(TrainedBatch batch) { }

    void EpochTrained(TrainedEpoch epoch) { }

    void EpochTested(TestedEpoch epoch) { }

    void EpochEnded(EndedEpoch epoch) { }
}
