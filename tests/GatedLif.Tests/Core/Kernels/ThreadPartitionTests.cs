using System.Collections.Concurrent;
using GatedLif.Kernels;
using static TorchSharp.torch;

namespace GatedLif.Tests.Core.Kernels;

/// <summary>
/// The split every CPU kernel uses: the ranges are what per-part sums and per-part buffers depend on, so they must
/// cover the items once, in order, at the same boundaries for the same part count.
/// </summary>
public sealed class ThreadPartitionTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(7, 1)]
    [InlineData(7, 3)]
    [InlineData(3, 7)]
    [InlineData(1000, 16)]
    public void Ranges_cover_every_item_once_in_contiguous_parts(long items, int parts)
    {
        var ranges = new ConcurrentBag<(int Part, long First, long Last)>();
        ThreadPartition.Run(items, parts, (part, first, last) => ranges.Add((part, first, last)));
        var ordered = ranges.OrderBy(r => r.Part).ToList();
        Assert.Equal(Enumerable.Range(0, Math.Max(1, parts)), ordered.Select(r => r.Part));
        long next = 0;
        foreach (var (part, first, last) in ordered)
        {
            Assert.Equal(next, first);
            Assert.Equal(items * (part + 1) / Math.Max(1, parts), last);
            next = last;
        }
        Assert.Equal(items, next);
    }

    [Fact]
    public void Work_below_the_threshold_runs_as_one_part_on_the_calling_thread()
    {
        Assert.Equal(1, ThreadPartition.Parts(1000, work: 99, threshold: 100));
        var caller = Environment.CurrentManagedThreadId;
        var calls = new List<(int Part, long First, long Last, int Thread)>();
        ThreadPartition.Run(1000, work: 99, threshold: 100, (part, first, last) =>
            calls.Add((part, first, last, Environment.CurrentManagedThreadId))
        );
        Assert.Equal([(0, 0L, 1000L, caller)], calls);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(1000)]
    public void Work_at_the_threshold_takes_one_part_per_libtorch_thread_but_no_more_than_the_items(long items)
    {
        Assert.Equal(
            (int)Math.Min(items, Math.Max(1, get_num_threads())),
            ThreadPartition.Parts(items, work: 100, threshold: 100)
        );
    }

    [Fact]
    public void No_items_still_make_one_empty_part()
    {
        Assert.Equal(1, ThreadPartition.Parts(0, work: 1e9, threshold: 100));
    }
}
