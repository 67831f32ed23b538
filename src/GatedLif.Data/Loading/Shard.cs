namespace GatedLif.Data.Loading;

/// <summary>
/// One rank's part of every epoch, as torch's DistributedSampler cuts it: all ranks draw the same order (same
/// seed and epoch); for training it is padded to a multiple of the rank count by repeating its start, so every rank
/// gets as many samples and steps as the others; rank r takes positions r, r + n, r + 2n, ...
/// Evaluation takes the same positions without padding, so every sample is counted once over the ranks.
/// </summary>
public sealed record Shard(int Rank, int Ranks)
{
    public static readonly Shard Whole = new(0, 1);

    public Shard Validate()
    {
        if (Ranks < 1 || Rank < 0 || Rank >= Ranks)
            throw new ArgumentOutOfRangeException(nameof(Rank), $"rank {Rank} of {Ranks}");
        return this;
    }

    /// <summary>Samples this rank sees in an epoch over <paramref name="total"/>.</summary>
    public int Size(int total, bool pad) =>
        pad ? (total + Ranks - 1) / Ranks : total / Ranks + (Rank < total % Ranks ? 1 : 0);

    public int[] Take(int[] order, bool pad)
    {
        if (Ranks == 1)
            return order;
        int size = Size(order.Length, pad);
        var mine = new int[size];
        for (int k = 0; k < size; k++)
            mine[k] = order[(Rank + k * Ranks) % order.Length];
        return mine;
    }
}
