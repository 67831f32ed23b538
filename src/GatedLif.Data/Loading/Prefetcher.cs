using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace GatedLif.Data.Loading;

/// <summary>
/// Runs a batch sequence on a thread of its own, at most <c>depth</c> batches ahead of the consumer, so loading
/// overlaps the network's work while memory stays bounded. The items and their order are the source's own; an
/// exception in the source reaches the consumer with its original stack when the consumer gets that far.
/// </summary>
public static class Prefetcher
{
    public const int DefaultDepth = 2;

    public static IEnumerable<T> Prefetch<T>(IEnumerable<T> source, int depth = DefaultDepth)
        where T : IDisposable
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        using var queue = new BlockingCollection<T>(depth);
        using var stop = new CancellationTokenSource();
        ExceptionDispatchInfo? failure = null;
        var producer = new Thread(() =>
        {
            try
            {
                foreach (var item in source)
                {
                    try
                    {
                        queue.Add(item, stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        item.Dispose();
                        return;
                    }
                }
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                queue.CompleteAdding();
            }
        })
        {
            IsBackground = true,
            Name = "batch prefetch",
        };
        producer.Start();
        try
        {
            foreach (var item in queue.GetConsumingEnumerable())
                yield return item;
            producer.Join();
            failure?.Throw();
        }
        finally
        {
            // The consumer may stop early (an error in its step, a break): release the producer and free what it made.
            stop.Cancel();
            producer.Join();
            while (queue.TryTake(out var left))
                left.Dispose();
        }
    }
}
