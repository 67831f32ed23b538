namespace GatedLif.Data.Loading;

/// <summary>
/// The DataLoader worker counts of the reference's loaders. Batch i is built by worker i mod count on that
/// worker's own generator, so the count decides the augmentation draws; it is kept apart from how many threads
/// decode here, so speed never changes a run.
/// </summary>
public static class ReferenceWorkers
{
    /// <summary>train.py's CIFAR-10 and CIFAR-100 loaders (<c>workers=16</c>).</summary>
    public const int Cifar = 16;

    /// <summary>train.py's ImageNet loaders (<c>workers=32</c>).</summary>
    public const int ImageNet = 32;
}
