using GatedLif.Pickling;
using GatedLif.Tests.Core.Checkpoints;
using GatedLif.Tests.Data.Datasets;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Core.Pickling;

/// <summary>Crafted checkpoints whose object graph nests too deeply or refers to itself: one clear error of ours that
/// names the file, never a stack overflow.</summary>
public sealed class PickleNestingTests
{
    private static byte[] NestedLists(int depth) =>
        new PickleBuilder()
            .Proto2()
            .Op('}')
            .Unicode("deep")
            .Repeat(depth, (byte)']')
            .Repeat(depth - 1, (byte)'a')
            .Op('s')
            .Op('.')
            .ToArray();

    [Fact]
    public void Lists_nested_a_hundred_thousand_deep_hit_the_nesting_limit_not_the_stack()
    {
        var error = CraftedCheckpoint.ReadFails(CraftedCheckpoint.Zip(NestedLists(100_000)), out _);

        Assert.Contains($"nests containers more than {PickleNesting.MaxDepth} levels deep", error.Message);
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
        var pickle = new PickleBuilder()
            .Proto2()
            .Op('}')
            .Unicode("loop")
            .Op(']')
            .Op('q')
            .Op(0)
            .Op('h')
            .Op(0)
            .Op('a')
            .Op('s')
            .Op('.')
            .ToArray();

        var error = CraftedCheckpoint.ReadFails(CraftedCheckpoint.Zip(pickle), out _);

        Assert.Contains("contains itself", error.Message);
    }
}
