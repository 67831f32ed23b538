using System.Numerics;
using GatedLif.Checkpoints;
using GatedLif.Tests.TestSupport;
using GatedLif.Tests.Data.Datasets;

namespace GatedLif.Tests.Core.Checkpoints;

/// <summary>The crafted checkpoints of issue 24: each gives one clear error of ours that names the file.</summary>
public class HostileCheckpointTests
{
    private static CheckpointException ReadFails(byte[] file, out string path)
    {
        using var dir = new TempFolder();
        path = dir.File("hostile.pth.tar");
        File.WriteAllBytes(path, file);
        string named = path;
        var error = Assert.Throws<CheckpointException>(() => TorchCheckpointReader.Read(named));
        Assert.Contains(path, error.Message);
        Assert.DoesNotContain("System.", error.Message);
        return error;
    }

    private static byte[] NestedLists(int depth) =>
        new PickleBuilder().Proto2().Op('}').Unicode("deep").Repeat(depth, (byte)']').Repeat(depth - 1, (byte)'a').Op('s').Op('.').ToArray();

    [Fact]
    public void Lists_nested_a_hundred_thousand_deep_hit_the_nesting_limit_not_the_stack()
    {
        var error = ReadFails(CraftedCheckpoint.Zip(NestedLists(100_000)), out _);

        Assert.Contains($"nests containers more than {Pickling.PickleNesting.MaxDepth} levels deep", error.Message);
    }

    [Fact]
    public void The_cli_names_the_nesting_instead_of_aborting()
    {
        using var work = new TempFolder();
        var path = work.File("deep.pth.tar");
        File.WriteAllBytes(path, CraftedCheckpoint.Zip(NestedLists(100_000)));

        var run = CliRun.Start(work.Path, "inspect", path);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains(path, run.Stderr);
        Assert.Contains("levels deep", run.Stderr);
    }

    [Fact]
    public void A_list_that_contains_itself_is_refused()
    {
        var pickle = new PickleBuilder().Proto2().Op('}').Unicode("loop").Op(']').Op('q').Op(0).Op('h').Op(0).Op('a').Op('s').Op('.').ToArray();

        var error = ReadFails(CraftedCheckpoint.Zip(pickle), out _);

        Assert.Contains("contains itself", error.Message);
    }

    [Fact]
    public void A_size_past_32_bits_is_checked_in_64_bits_against_the_storage()
    {
        var pickle = CraftedCheckpoint.OneTensor(numel: 4, offset: 0, size: [BigInteger.One << 34], stride: [1]);

        var error = ReadFails(CraftedCheckpoint.Zip(pickle, [("0", new byte[16])]), out _);

        Assert.Contains($"reaches element {(1L << 34) - 1}, but the storage holds 4 elements", error.Message);
    }

    [Fact]
    public void A_size_larger_than_its_storage_is_refused()
    {
        var pickle = CraftedCheckpoint.OneTensor(numel: 4, offset: 0, size: [1 << 30], stride: [1]);

        var error = ReadFails(CraftedCheckpoint.Zip(pickle, [("0", new byte[16])]), out _);

        Assert.Contains("but the storage holds 4 elements", error.Message);
    }

    [Fact]
    public void Strides_whose_reach_overflows_64_bits_are_refused()
    {
        var pickle = CraftedCheckpoint.OneTensor(numel: 4, offset: 1, size: [3, 3], stride: [long.MaxValue / 2, long.MaxValue / 2]);

        var error = ReadFails(CraftedCheckpoint.Zip(pickle, [("0", new byte[16])]), out _);

        Assert.Contains("reaches past 2^63 elements", error.Message);
    }

    [Theory]
    [InlineData(-1, "is negative")]
    [InlineData(1, "does not fit in 64 bits")]
    public void Negative_or_overlong_sizes_are_refused(int sign, string expected)
    {
        BigInteger size = sign < 0 ? -5 : BigInteger.One << 70;
        var pickle = CraftedCheckpoint.OneTensor(numel: 4, offset: 0, size: [size], stride: [1]);

        var error = ReadFails(CraftedCheckpoint.Zip(pickle, [("0", new byte[16])]), out _);

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_storage_declaring_more_elements_than_its_entry_holds_takes_no_memory_for_them()
    {
        var pickle = CraftedCheckpoint.OneTensor(numel: BigInteger.One << 40, offset: 0, size: [4], stride: [1]);

        var error = ReadFails(CraftedCheckpoint.Zip(pickle, [("0", new byte[16])]), out _);

        Assert.Contains($"declares {1L << 40} elements ({1L << 42} bytes) but its entry 'archive/data/0' holds 16 bytes", error.Message);
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
    public void A_pickle_asking_for_os_system_is_refused_by_name_before_anything_is_built()
    {
        var pickle = new PickleBuilder().Proto2().Global("os", "system").Unicode("echo pwned").Op(0x85).Op('R').Op('.').ToArray();

        var error = ReadFails(CraftedCheckpoint.Zip(pickle), out _);

        Assert.Contains("asks for the Python global 'os.system'", error.Message);
        Assert.Contains("collections.OrderedDict", error.Message);
    }

    [Fact]
    public void A_whole_pickled_model_is_refused_by_its_class_name()
    {
        var pickle = new PickleBuilder().Proto2().Global("models.resnet", "ResNet18").Op(')').Op(0x81).Op('.').ToArray();

        var error = ReadFails(CraftedCheckpoint.Zip(pickle), out _);

        Assert.Contains("'models.resnet.ResNet18'", error.Message);
    }

    [Fact]
    public void A_storage_type_called_as_a_function_is_refused()
    {
        var pickle = new PickleBuilder().Proto2().Op('}').Unicode("x").Global("torch", "FloatStorage").Op(')').Op('R').Op('s').Op('.').ToArray();

        var error = ReadFails(CraftedCheckpoint.Zip(pickle), out _);

        Assert.Contains("'torch.FloatStorage', which is only ever named, not called", error.Message);
    }

    [Fact]
    public void Two_entries_of_the_same_name_are_refused()
    {
        var pickle = CraftedCheckpoint.OneTensor(numel: 4, offset: 0, size: [4], stride: [1]);

        var error = ReadFails(CraftedCheckpoint.Zip(pickle, [("0", new byte[16]), ("0", new byte[16])]), out _);

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
