namespace GatedLif.Data.Datasets;

/// <summary>Per-variant facts that several readers and the writer need.</summary>
public static class CifarVariantExtensions
{
    public static int ClassCount(this CifarVariant variant) =>
        variant switch
        {
            CifarVariant.Cifar10 => 10,
            CifarVariant.Cifar100 => 100,
            _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, null),
        };

    /// <summary>The name users know the dataset by, for messages.</summary>
    public static string DisplayName(this CifarVariant variant) =>
        variant switch
        {
            CifarVariant.Cifar10 => "CIFAR-10",
            CifarVariant.Cifar100 => "CIFAR-100",
            _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, null),
        };
}
