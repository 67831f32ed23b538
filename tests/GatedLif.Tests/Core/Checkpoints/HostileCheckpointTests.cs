using System.Numerics;
using GatedLif.Checkpoints;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Core.Checkpoints;

/// <summary>The crafted checkpoints of issue 24: each gives one clear error of ours that names the file.</summary>
public class HostileCheckpointTests
{
    [Fact]
    public void A_size_past_32_bits_is_checked_in_64_bits_against_the_storage()
    {
        var pickle = CraftedCheckpoint.OneTensor(numel: 4, offset: 0, size: [BigInteger.One << 34], stride: [1]);

        var error = CraftedCheckpoint.ReadFails(CraftedCheckpoint.Zip(pickle, [("0", new byte[16])]), out _);

        Assert.Contains($"reaches element {(1L << 34) - 1}, but the storage holds 4 elements", error.Message);
    }

    [Fact]
    public void A_size_larger_than_its_storage_is_refused()
    {
        var pickle = CraftedCheckpoint.OneTensor(numel: 4, offset: 0, size: [1 << 30], stride: [1]);

        var error = CraftedCheckpoint.ReadFails(CraftedCheckpoint.Zip(pickle, [("0", new byte[16])]), out _);

        Assert.Contains("but the storage holds 4 elements", error.Message);
    }

    [Fact]
    public void Strides_whose_reach_overflows_64_bits_are_refused()
    {
        var pickle = CraftedCheckpoint.OneTensor(
            numel: 4,
            offset: 1,
            size: [3, 3],
            stride: [long.MaxValue / 2, long.MaxValue / 2]
        );

        var error = CraftedCheckpoint.ReadFails(CraftedCheckpoint.Zip(pickle, [("0", new byte[16])]), out _);

        Assert.Contains("reaches past 2^63 elements", error.Message);
    }

    [Theory]
    [InlineData(-1, "is negative")]
    [InlineData(1, "does not fit in 64 bits")]
    public void Negative_or_overlong_sizes_are_refused(int sign, string expected)
    {
        BigInteger size = sign < 0 ? -5 : BigInteger.One << 70;
        var pickle = CraftedCheckpoint.OneTensor(numel: 4, offset: 0, size: [size], stride: [1]);

        var error = CraftedCheckpoint.ReadFails(CraftedCheckpoint.Zip(pickle, [("0", new byte[16])]), out _);

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_storage_declaring_more_elements_than_its_entry_holds_takes_no_memory_for_them()
    {
        var pickle = CraftedCheckpoint.OneTensor(numel: BigInteger.One << 40, offset: 0, size: [4], stride: [1]);

        var error = CraftedCheckpoint.ReadFails(CraftedCheckpoint.Zip(pickle, [("0", new byte[16])]), out _);

        Assert.Contains(
            $"declares {1L << 40} elements ({1L << 42} bytes) but its entry 'archive/data/0' holds 16 bytes",
            error.Message
        );
    }

    [Fact]
    public void A_storage_entry_that_inflates_far_past_its_tensor_is_read_only_as_far_as_the_tensor()
    {
        var pickle = CraftedCheckpoint.OneTensor(numel: 4, offset: 0, size: [4], stride: [1]);
        using var dir = new TempFolder();
        var path = dir.File("bomb.pth.tar");
        File.WriteAllBytes(path, CraftedCheckpoint.Zip(pickle, [("0", new byte[64 << 20])], compress: true));

        using var checkpoint = TorchCheckpointReader.Read(path);

        Assert.Equal([4L], checkpoint.StateDict["w"].shape);
    }

    [Fact]
    public void Two_entries_of_the_same_name_are_refused()
    {
        var pickle = CraftedCheckpoint.OneTensor(numel: 4, offset: 0, size: [4], stride: [1]);

        var error = CraftedCheckpoint.ReadFails(
            CraftedCheckpoint.Zip(pickle, [("0", new byte[16]), ("0", new byte[16])]),
            out _
        );

        Assert.Contains("two entries named 'archive/data/0'", error.Message);
    }

    [Fact]
    public void Views_of_one_storage_share_it_and_see_their_own_offset()
    {
        var floats = new float[] { 1, 2, 3, 4 };
        var bytes = new byte[16];
        Buffer.BlockCopy(floats, 0, bytes, 0, 16);
        var pickle = CraftedCheckpoint.OneTensor(numel: 4, offset: 1, size: [2], stride: [2]);
        using var dir = new TempFolder();
        var path = dir.File("view.pth.tar");
        File.WriteAllBytes(path, CraftedCheckpoint.Zip(pickle, [("0", bytes)]));

        using var checkpoint = TorchCheckpointReader.Read(path);

        Assert.Equal([2f, 4f], checkpoint.StateDict["w"].data<float>().ToArray());
    }
}
