using static TorchSharp.torch;

namespace GatedLif.Data.Loading;

/// <summary>
/// What a new DataLoader iterator draws from torch's default generator (torch/utils/data/dataloader.py and
/// sampler.py, the same in PyTorch 1.10 and 1.13): first the base seed of its workers
/// (<c>torch.empty((), dtype=torch.int64).random_()</c>), then, when the sampler is a RandomSampler without a
/// generator of its own, the seed of the sampler's generator (a second such draw, made when the first index is
/// asked for). Worker w seeds its torch generator with <c>BaseSeed + w</c>.
/// </summary>
public sealed record DataLoaderSeeds(ulong BaseSeed, ulong? SamplerSeed)
{
    /// <summary>Draws an iterator's seeds from the default generator, on the calling thread, in the reference's
    /// order.</summary>
    /// <param name="randomSampler">Whether the loader shuffles with a RandomSampler (a DistributedSampler draws
    /// nothing).</param>
    public static DataLoaderSeeds Draw(bool randomSampler)
    {
        ulong baseSeed = DrawInt64();
        return new DataLoaderSeeds(baseSeed, randomSampler ? DrawInt64() : null);
    }

    /// <summary>Worker <paramref name="worker"/>'s stream (torch.manual_seed(base_seed + worker_id) in the
    /// worker).</summary>
    public TorchRandomSource Worker(int worker) => new(unchecked(BaseSeed + (ulong)worker));

    // random_() on an int64 tensor is a 64-bit draw r reduced modulo 2^63. TorchSharp has no argument-free random_,
    // but randint over the whole int64 range makes the same single draw and returns r - 2^63 (r mod (2^64 - 1), which
    // is r except for the one value 2^64 - 1), whose low 63 bits are those of r.
    private static ulong DrawInt64()
    {
        using var draw = randint(long.MinValue, long.MaxValue, [], dtype: ScalarType.Int64);
        return (ulong)(draw.item<long>() & long.MaxValue);
    }
}
