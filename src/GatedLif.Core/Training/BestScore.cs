namespace GatedLif.Training;

/// <summary>The best test score so far and the epoch it was reached in; no epoch until a test beat the start
/// value of 0 (the reference's <c>best</c> dict starts at accuracy 0, epoch 0; cifar10dvs's max_test_acc at the
/// int 0).</summary>
public sealed record BestScore(double Value, int? Epoch)
{
    public static BestScore None { get; } = new(0, null);
}

/// <summary>Which number of a test pass decides the best checkpoint.</summary>
public enum BestMetric
{
    /// <summary>train.py: top-1 as the mean of per-batch percentages.</summary>
    Top1,
    /// <summary>cifar10dvs/train.py: correct predictions over samples.</summary>
    Accuracy,
}

/// <summary>When the schedule steps within an epoch.</summary>
public enum ScheduleStepPoint
{
    /// <summary>After the test pass and its checkpoints (train.py).</summary>
    AfterTest,
    /// <summary>Right after the training pass, before the test (cifar10dvs/train.py).</summary>
    BeforeTest,
}
