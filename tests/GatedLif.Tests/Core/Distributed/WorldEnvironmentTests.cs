using GatedLif.Distributed;

namespace GatedLif.Tests.Core.Distributed;

/// <summary>The launcher's variables (torchrun's names), MPICH's as a fallback, and clear errors for bad
/// ones.</summary>
public sealed class WorldEnvironmentTests
{
    private static WorldEnvironment From(params (string Name, string Value)[] variables) =>
        WorldEnvironment.From(name => variables.FirstOrDefault(v => v.Name == name).Value);

    [Fact]
    public void Torchrun_variables_place_the_process()
    {
        var world = From(("RANK", "3"), ("WORLD_SIZE", "4"), ("LOCAL_RANK", "1"), ("LOCAL_WORLD_SIZE", "2"));
        Assert.Equal(new WorldEnvironment(3, 1, 4, 2), world);
        Assert.True(world.IsDistributed);
    }

    [Fact]
    public void Without_variables_it_is_a_world_of_one_and_mpiexec_variables_also_work()
    {
        Assert.Equal(WorldEnvironment.Single, From());
        Assert.Equal(
            new WorldEnvironment(1, 1, 2, 2),
            From(("PMI_RANK", "1"), ("PMI_SIZE", "2"), ("MPI_LOCALNRANKS", "2"), ("MPI_LOCALRANKID", "1"))
        );
    }

    [Theory]
    [InlineData("2", "2", "RANK=2 is outside 0..1")]
    [InlineData("x", "2", "RANK='x' is not an integer")]
    [InlineData(null, "2", "RANK is not")]
    public void Bad_variables_are_named(string? rank, string size, string message)
    {
        var e = Assert.Throws<DistributedSetupException>(() => From(("RANK", rank!), ("WORLD_SIZE", size)));
        Assert.Contains(message, e.Message);
    }
}
