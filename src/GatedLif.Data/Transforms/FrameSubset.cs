using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Data.Transforms;

/// <summary>
/// cifar10dvs/train.py's training on fewer frames than the test uses (its <c>-T_train</c>): each training batch
/// [B, T, 2, H, W] keeps <c>count</c> of its T frames, drawn without replacement and kept in time order
/// (<c>np.random.choice(T, T_train, replace=False)</c>, sorted), one draw for the whole batch. Only networks whose
/// weights do not depend on T can do this (the PLIF and plain-LIF models).
/// </summary>
public static class FrameSubset
{
    /// <summary>The sorted frame indices of one batch.</summary>
    public static long[] Draw(IRandomSource random, int total, int count)
    {
        if (count < 1 || count > total)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"a subset of 1 to {total} frames");
        var pool = Enumerable.Range(0, total).ToArray();
        for (int i = 0; i < count; i++)
        {
            int j = i + random.NextInt(total - i);
            (pool[i], pool[j]) = (pool[j], pool[i]);
        }
        return pool.Take(count).Order().Select(v => (long)v).ToArray();
    }

    /// <summary>The batch's frames at <paramref name="steps"/> (dim 1), on the batch's device.</summary>
    public static Tensor Select(Tensor frames, long[] steps)
    {
        using var index = tensor(steps, int64, frames.device);
        return frames.index_select(1, index);
    }
}
