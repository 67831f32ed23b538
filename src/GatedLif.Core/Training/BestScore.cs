namespace GatedLif.Training;

/// <summary>The best test score so far and the epoch it was reached in; no epoch until a test beat the start
/// value of 0 (the reference's <c>best</c> dict starts at accuracy 0, epoch 0; cifar10dvs's max_test_acc at the
/// int 0).</summary>
public sealed record BestScore(double Value, int? Epoch)
{
    public static BestScore None { get; } = new(0, null);
}
