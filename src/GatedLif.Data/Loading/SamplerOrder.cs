using static TorchSharp.torch;

namespace GatedLif.Data.Loading;

/// <summary>The sample orders of torch's samplers, drawn with libtorch's own randperm.</summary>
public static class SamplerOrder
{
    /// <summary>
    /// DistributedSampler's seed as train.py uses it: the default 0 plus the epoch set by <c>set_epoch</c>, which
    /// train.py never calls, so every epoch of a multi-process run visits the samples in the same order.
    /// </summary>
    public const ulong DistributedSeed = 0;

    /// <summary>RandomSampler's order: <c>torch.randperm(n, generator)</c> on a generator seeded <paramref
    /// name="seed"/>.</summary>
    public static int[] Permutation(int count, ulong seed)
    {
        using var generator = new Generator(seed);
        using var order = randperm(count, dtype: ScalarType.Int64, generator: generator);
        return order.data<long>().Select(i => (int)i).ToArray();
    }
}
