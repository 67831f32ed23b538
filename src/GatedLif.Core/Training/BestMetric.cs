namespace GatedLif.Training;

/// <summary>Which number of a test pass decides the best checkpoint.</summary>
public enum BestMetric
{
    /// <summary>train.py: top-1 as the mean of per-batch percentages.</summary>
    Top1,

    /// <summary>cifar10dvs/train.py: correct predictions over samples.</summary>
    Accuracy,
}
