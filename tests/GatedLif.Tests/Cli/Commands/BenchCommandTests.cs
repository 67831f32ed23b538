using GatedLif.Cli.Commands;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Cli.Commands;

/// <summary>The bench's flags are checked before anything is measured (its timings are not tests).</summary>
public sealed class BenchCommandTests
{
    [Theory]
    [InlineData("--repeat", "0")]
    [InlineData("--t", "0")]
    [InlineData("--device", "tpu")]
    [InlineData("--no-such-flag", "1")]
    public void Bad_bench_flags_are_usage_errors(string flag, string value)
    {
        Assert.Equal(GatedLifApp.UsageError, CliRun.InProcess(BenchCommand.Name, flag, value).ExitCode);
    }
}
