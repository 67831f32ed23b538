using GatedLif.Cli.Hosting;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Cli.Hosting;

/// <summary>GATEDLIF_GC_STRESS as a soak uses it: a value that is no number stops the program before it starts, with
/// the variable named (a soak never runs unstressed by a typing error); a number lets it run.</summary>
public sealed class GarbageCollectionStressTests
{
    [Fact]
    public void A_value_that_is_no_number_of_milliseconds_is_refused_with_the_variable_named()
    {
        using var work = new TempFolder();

        var run = CliRun.Start(
            work.Path,
            TimeSpan.FromMinutes(2),
            new Dictionary<string, string> { [GarbageCollectionStress.Variable] = "5ms" },
            "--help"
        );

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{GarbageCollectionStress.Variable}=5ms: expected a number of milliseconds", run.Stderr);
    }

    [Fact]
    public void A_number_of_milliseconds_lets_the_program_run()
    {
        using var work = new TempFolder();

        var run = CliRun.Start(
            work.Path,
            TimeSpan.FromMinutes(2),
            new Dictionary<string, string> { [GarbageCollectionStress.Variable] = "1" },
            "--help"
        );

        Assert.True(run.ExitCode == 0, run.ToString());
    }
}
