using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace GatedLif.Tests.Fuzzing;

/// <summary>
/// Every reader of files from strangers, fed mutated real files. CI runs a fixed-seed sample of
/// <see cref="CiInputs"/> inputs per format; <c>GATEDLIF_FUZZ_INPUTS=10000</c> runs that many per format instead (the
/// long run of issue 24), with <c>GATEDLIF_FUZZ_SEED</c> to vary the inputs. Each format's report goes to the test
/// output.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    public const int CiInputs = 60;

    private static int Inputs =>
        int.TryParse(
            Environment.GetEnvironmentVariable("GATEDLIF_FUZZ_INPUTS"),
            CultureInfo.InvariantCulture,
            out int n
        )
        && n > 0
            ? n
            : CiInputs;

    private static int Seed =>
        int.TryParse(Environment.GetEnvironmentVariable("GATEDLIF_FUZZ_SEED"), CultureInfo.InvariantCulture, out int s)
            ? s
            : 24;

    public static TheoryData<string> Formats => new(FuzzTargets.All.Select(t => t.Name));

    [Theory]
    [MemberData(nameof(Formats))]
    public void Every_input_is_read_or_refused_with_one_clear_error_in_bounded_time_and_memory(string format)
    {
        var target = FuzzTargets.All.Single(t => t.Name == format);

        var report = FuzzRunner.Run(target, Inputs, Seed);

        output.WriteLine(report.ToString());
        output.WriteLine(
            string.Create(
                CultureInfo.InvariantCulture,
                $"peak working set of the test process so far: "
                    + $"{Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0:0} MiB"
            )
        );
        Assert.True(report.Findings.Count == 0, report.ToString());
        Assert.Equal(Inputs, report.Inputs);
    }
}
