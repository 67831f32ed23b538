using GatedLif.Data.Datasets;

namespace GatedLif.Data.Download;

/// <summary>
/// One downloadable CIFAR archive: its file name under the base URL and the MD5 it must have. It extracts to the
/// variant's python-layout folder. The official archives are the defaults; tests pass their own to serve small ones.
/// </summary>
/// <param name="Variant">Which dataset the archive holds; decides the folder and files it must contain.</param>
/// <param name="FileName">The archive's name, appended to the base URL.</param>
/// <param name="Md5">The archive's MD5 as 32 hex digits.</param>
public sealed record CifarArchive(CifarVariant Variant, string FileName, string Md5)
{
    /// <summary>The archive torchvision's <c>CIFAR10(download=True)</c> fetches.</summary>
    public static CifarArchive Cifar10 { get; } =
        new(CifarVariant.Cifar10, "cifar-10-python.tar.gz", "c58f30108f718f92721af3b95e74349a");

    /// <summary>The archive torchvision's <c>CIFAR100(download=True)</c> fetches.</summary>
    public static CifarArchive Cifar100 { get; } =
        new(CifarVariant.Cifar100, "cifar-100-python.tar.gz", "eb9058c3a382ffc7106e4002c42a8d85");

    public static CifarArchive For(CifarVariant variant) =>
        variant switch
        {
            CifarVariant.Cifar10 => Cifar10,
            CifarVariant.Cifar100 => Cifar100,
            _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, null),
        };

    /// <summary>The folder the archive extracts to, e.g. <c>cifar-10-batches-py</c>.</summary>
    public string FolderName => CifarPaths.FolderName(Variant, CifarLayout.Python);

    /// <summary>
    /// Paths relative to <see cref="FolderName"/> that an extracted archive must hold: both splits and the class names,
    /// the files torchvision checks.
    /// </summary>
    public IReadOnlyList<string> ExpectedFiles =>
        [
            .. CifarPaths.FileNames(Variant, CifarLayout.Python, CifarSplit.Train),
            .. CifarPaths.FileNames(Variant, CifarLayout.Python, CifarSplit.Test),
            CifarPaths.MetaFileName(Variant),
        ];
}
