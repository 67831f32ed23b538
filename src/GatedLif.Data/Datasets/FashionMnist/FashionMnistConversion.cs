namespace GatedLif.Data.Datasets;

/// <summary>What <see cref="FashionMnistToCifar.Convert"/> did.</summary>
/// <param name="Folder">The <c>cifar-10-batches-py</c> folder the dataset is in.</param>
/// <param name="AlreadyPresent">True when that folder already held a complete layout and was left as it was.</param>
public sealed record FashionMnistConversion(string Folder, bool AlreadyPresent);
