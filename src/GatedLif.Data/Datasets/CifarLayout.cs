namespace GatedLif.Data.Datasets;

/// <summary>On-disk form of a CIFAR dataset, as distributed by its authors.</summary>
public enum CifarLayout
{
    /// <summary>Pickled dicts holding a numpy uint8 array (<c>cifar-10-batches-py</c>, <c>cifar-100-python</c>); what
    /// torchvision reads.</summary>
    Python,

    /// <summary>Fixed-size records of label byte(s) then image bytes (<c>cifar-10-batches-bin</c>,
    /// <c>cifar-100-binary</c>).</summary>
    Binary,
}
