using GatedLif.Randomness;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Data.Transforms;

/// <summary>
/// cifar10dvs/train.py's training on fewer frames than the test uses (its <c>-T_train</c>): each training batch
/// [B, T, 2, H, W] keeps <c>count</c> of its T frames, <c>np.random.choice(T, T_train, replace=False)</c> then
/// sorted, one draw for the whole batch on NumPy's global generator. Only networks whose weights do not depend on T
/// can do this (the PLIF and plain-LIF models).
/// </summary>
public static class FrameSubset
{
    /// <summary>The sorted frame indices of one batch.</summary>
    public static long[] Draw(NumpyLegacyRandom random, int total, int count)
    {
        if (count < 1 || count > total)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"a subset of 1 to {total} frames");
        return random.Permutation(total).Take(count).Order().Select(v => (long)v).ToArray();
    }

    /// <summary>The batch's frames at <paramref name="steps"/> (dim 1), on the batch's device.</summary>
    public static Tensor Select(Tensor frames, long[] steps)
    {
        using var index = tensor(steps, int64, frames.device);
        return frames.index_select(1, index);
    }
}
