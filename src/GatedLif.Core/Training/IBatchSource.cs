namespace GatedLif.Training;

/// <summary>A data set as the training loop and the test pass see it: its size and its batches for an epoch.</summary>
public interface IBatchSource
{
    /// <summary>Images in the data set.</summary>
    int Count { get; }

    /// <summary>Batches per epoch, counting a final partial one.</summary>
    int BatchCount { get; }

    /// <summary>The batches of one epoch (order and augmentation, where there are any, depend on the epoch).</summary>
    IEnumerable<ImageBatch> Epoch(int epoch);
}
