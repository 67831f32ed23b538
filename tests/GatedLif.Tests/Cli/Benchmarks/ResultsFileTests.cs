using System.Globalization;
using GatedLif.Cli.Benchmarks;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Cli.Benchmarks;

/// <summary>
/// bench --results: the file is emptied when the bench starts and each measurement is on disk as soon as it is made,
/// as name, value (round-trip digits, a point whatever the culture) and unit, tab-separated.
/// </summary>
public sealed class ResultsFileTests
{
    [Fact]
    public void Each_measurement_is_in_the_file_as_soon_as_it_is_made()
    {
        using var work = new TempFolder();
        var path = work.File("ours.tsv");
        File.WriteAllText(path, "left from an earlier run\n");
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            var results = new ResultsFile(path);
            Assert.Equal("", File.ReadAllText(path));
            results.Append("glif_fused_ms", 1.25, "ms");
            Assert.Equal("glif_fused_ms\t1.25\tms\n", File.ReadAllText(path));
            results.Append("r18ms_t6_eval_images_per_s", 1 / 3.0, "images/s");
            Assert.Equal(
                "glif_fused_ms\t1.25\tms\nr18ms_t6_eval_images_per_s\t0.3333333333333333\timages/s\n",
                File.ReadAllText(path)
            );
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }
}
