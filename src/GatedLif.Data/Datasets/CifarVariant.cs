namespace GatedLif.Data.Datasets;

/// <summary>Which CIFAR dataset: they share the image format and differ in class count, folder names and label
/// keys.</summary>
public enum CifarVariant
{
    Cifar10,
    Cifar100,
}
