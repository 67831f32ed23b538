namespace GatedLif.Data.Datasets;

/// <summary>Which part of a CIFAR dataset to read; each split lives in its own files so either opens without the
/// other.</summary>
public enum CifarSplit
{
    Train,
    Test,
}
