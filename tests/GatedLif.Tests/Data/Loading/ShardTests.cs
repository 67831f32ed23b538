using GatedLif.Data.Loading;

namespace GatedLif.Tests.Data.Loading;

/// <summary>Shards cut every epoch as torch's DistributedSampler does (indices padded from the start, strided by
/// rank).</summary>
public sealed class ShardTests
{
    private static readonly int[] Order = [7, 3, 9, 0, 5, 1, 8];

    [Fact]
    public void Training_shards_are_padded_to_equal_sizes_like_DistributedSampler()
    {
        // torch: indices += indices[:2] -> [7,3,9,0,5,1,8,7,3]; rank r takes indices[r::3].
        Assert.Equal([7, 0, 8], new Shard(0, 3).Take(Order, pad: true));
        Assert.Equal([3, 5, 7], new Shard(1, 3).Take(Order, pad: true));
        Assert.Equal([9, 1, 3], new Shard(2, 3).Take(Order, pad: true));
        Assert.Equal(3, new Shard(2, 3).Size(Order.Length, pad: true));
    }

    [Fact]
    public void Evaluation_shards_cover_every_sample_once()
    {
        var all = Enumerable.Range(0, 3).SelectMany(r => new Shard(r, 3).Take(Order, pad: false)).Order().ToArray();
        Assert.Equal(Order.Order().ToArray(), all);
        Assert.Equal([3, 2, 2], Enumerable.Range(0, 3).Select(r => new Shard(r, 3).Size(Order.Length, pad: false)));
    }

    [Fact]
    public void One_rank_takes_the_whole_order_and_a_bad_rank_is_refused()
    {
        Assert.Same(Order, Shard.Whole.Take(Order, pad: true));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Shard(2, 2).Validate());
    }
}
