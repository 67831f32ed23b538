using Razorvine.Pickle;
using static TorchSharp.torch;

namespace GatedLif.Checkpoints;

/// <summary>
/// <c>torch._utils._rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks)</c> (and
/// the older <c>_rebuild_tensor</c> without the last two): a view of the storage, as PyTorch makes it. Every number is
/// checked, in 64-bit arithmetic that cannot overflow, against the storage it views before libtorch sees it.
/// </summary>
internal sealed class TensorRebuild : IObjectConstructor
{
    public object construct(object[] args)
    {
        if (args.Length < 4 || args[0] is not CheckpointStorage storage)
            throw new CheckpointContentException("a tensor is rebuilt without the storage it views");
        string what = $"the tensor over storage '{storage.Key}'";
        long offset = Count(args[1], $"{what} has a storage offset that");
        long[] size = Counts(args[2], $"{what} has a size that");
        long[] stride = Counts(args[3], $"{what} has a stride that");
        if (stride.Length != size.Length)
            throw new CheckpointContentException($"{what} has {size.Length} sizes but {stride.Length} strides");

        long needed = ElementsSpanned(size, stride, offset, what);
        if (needed > storage.Count)
            throw new CheckpointContentException(
                $"{what} (size [{string.Join(", ", size)}], stride [{string.Join(", ", stride)}], offset {offset}) "
                    + $"reaches element {needed - 1}, "
                    + $"but the storage holds {storage.Count} elements"
            );

        var view = storage.Elements.as_strided(size, stride, offset);
        // A view that repeats elements (stride 0, as of an expanded tensor) stays a view: copying it could take far
        // more memory than the file holds.
        if (view.is_contiguous() || ElementCount(size) > storage.Count)
            return view;
        using (view)
            return view.contiguous();
    }

    /// <summary>One past the last storage element the view reaches (0 for an empty tensor).</summary>
    private static long ElementsSpanned(long[] size, long[] stride, long offset, string what)
    {
        if (size.Any(s => s == 0))
            return 0;
        try
        {
            long last = offset;
            for (int i = 0; i < size.Length; i++)
                last = checked(last + checked((size[i] - 1) * stride[i]));
            return checked(last + 1);
        }
        catch (OverflowException)
        {
            throw new CheckpointContentException($"{what} reaches past 2^63 elements");
        }
    }

    private static long ElementCount(long[] size)
    {
        long count = 1;
        foreach (long s in size)
            count =
                s == 0 ? 0
                : count > long.MaxValue / s ? long.MaxValue
                : count * s;
        return count;
    }

    private static long[] Counts(object? value, string what) =>
        value is object[] items
            ? items.Select(item => Count(item, what)).ToArray()
            : throw new CheckpointContentException($"{what} is not a tuple of integers");

    private static long Count(object? value, string what) =>
        value switch
        {
            int i when i >= 0 => i,
            long l when l >= 0 => l,
            int or long => throw new CheckpointContentException($"{what} is negative ({value})"),
            System.Numerics.BigInteger => throw new CheckpointContentException($"{what} does not fit in 64 bits"),
            _ => throw new CheckpointContentException($"{what} is not an integer"),
        };
}
