namespace GatedLif.Training;

/// <summary>When the schedule steps within an epoch.</summary>
public enum ScheduleStepPoint
{
    /// <summary>After the test pass and its checkpoints (train.py).</summary>
    AfterTest,

    /// <summary>Right after the training pass, before the test (cifar10dvs/train.py).</summary>
    BeforeTest,
}
