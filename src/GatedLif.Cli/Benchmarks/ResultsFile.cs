using System.Globalization;

namespace GatedLif.Cli.Benchmarks;

/// <summary>
/// <c>bench --results FILE</c>: one <c>name&lt;TAB&gt;value&lt;TAB&gt;unit</c> line per measurement, the format
/// scripts/gpu-check.sh reads beside the reference's (tests/parity/gpu_bench_reference.py). Emptied when the bench
/// starts and appended to as each measurement is made, so a run stopped at its time limit still leaves what it
/// measured.
/// </summary>
public sealed class ResultsFile
{
    private readonly string _path;

    public ResultsFile(string path)
    {
        _path = path;
        File.WriteAllText(path, "");
    }

    public void Append(string name, double value, string unit) =>
        File.AppendAllText(_path, string.Create(CultureInfo.InvariantCulture, $"{name}\t{value:R}\t{unit}\n"));
}
