using GatedLif.Data;
using GatedLif.Data.Loading;
using GatedLif.Tests.TestSupport;
using static TorchSharp.torch;

namespace GatedLif.Tests.Data;

/// <summary>
/// The loaders' draws through TorchSharp equal Debian's PyTorch 1.13 for the same seeds (the expected numbers were
/// printed by <c>/usr/bin/python3</c> with torch 1.13.1, the calls named in each test).
/// </summary>
[Collection(SerialTorchRandom.Name)]
[Trait(KernelDependence.Trait, KernelDependence.Dependent)]
public sealed class TorchStreamTests
{
    [Theory]
    // torch.manual_seed(s); torch.empty((), dtype=torch.int64).random_() twice. Seed 0's first draw has its top bit
    // set.
    [InlineData(0, 900450186894289455UL, 3969543146641149120UL)]
    [InlineData(9, 191369442034012508UL, 34580184003183093UL)]
    public void A_loader_iterator_draws_the_base_seed_then_the_sampler_seed(int seed, ulong baseSeed, ulong samplerSeed)
    {
        manual_seed(seed);

        var seeds = DataLoaderSeeds.Draw(randomSampler: true);

        Assert.Equal(new DataLoaderSeeds(baseSeed, samplerSeed), seeds);
    }

    [Fact]
    public void A_distributed_loader_draws_only_the_base_seed()
    {
        manual_seed(9);

        Assert.Equal(new DataLoaderSeeds(191369442034012508UL, null), DataLoaderSeeds.Draw(randomSampler: false));
    }

    [Fact]
    public void The_sampler_order_is_torch_randperm()
    {
        // g = torch.Generator(); g.manual_seed(seed); torch.randperm(20, generator=g)
        Assert.Equal(
            [19, 3, 18, 9, 11, 5, 4, 12, 10, 7, 0, 17, 13, 15, 14, 8, 1, 2, 16, 6],
            SamplerOrder.Permutation(20, 34580184003183093UL)
        );
        Assert.Equal(
            [4, 5, 13, 19, 7, 14, 3, 6, 9, 17, 11, 2, 16, 18, 10, 12, 15, 8, 1, 0],
            SamplerOrder.Permutation(20, SamplerOrder.DistributedSeed)
        );
    }

    [Fact]
    public void A_workers_stream_is_torch_randint_and_rand_on_base_seed_plus_worker()
    {
        // g.manual_seed(base + 5); torch.randint(0, 9, size=(1,), generator=g) four times, then torch.rand(1,
        // generator=g) twice
        var worker = new DataLoaderSeeds(191369442034012508UL, null).Worker(5);

        Assert.Equal([2, 0, 3, 2], Enumerable.Range(0, 4).Select(_ => worker.NextInt(9)).ToArray());
        Assert.Equal(0.0378759503364563, worker.NextDouble());
        Assert.Equal(0.19414031505584717, worker.NextDouble());
    }
}
