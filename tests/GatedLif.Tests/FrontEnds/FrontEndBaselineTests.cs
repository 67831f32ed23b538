using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GatedLif.Tests.Dvs;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.FrontEnds;

/// <summary>
/// Both command lines train two epochs on tiny data with fixed seeds, and what they leave (output, files,
/// checkpoints, TensorBoard scalars, GLIF records) is compared with Fixtures/front-end-baseline.json, recorded from
/// the training loops as they were before the training engine replaced them. On the machine that recorded it the
/// comparison is exact, to the bit of every tensor; on another processor libtorch picks other kernels, a spike
/// near threshold can flip, and only the structure is compared exactly, numbers within a loose tolerance.
/// Recording: <c>GATEDLIF_RECORD_BASELINE=1 dotnet test --filter FrontEndBaselineTests</c> rewrites the fixture
/// in the source tree.
/// </summary>
public sealed partial class FrontEndBaselineTests
{
    private const string FixtureName = "front-end-baseline.json";
    private static readonly object Recording = new();

    [Fact]
    public void Train_py_command_line_reproduces_its_baseline() => Check("train.py", TrainPyRun);

    [Fact]
    public void Cifar10dvs_command_line_reproduces_its_baseline() => Check("cifar10dvs", DvsRuns);

    private static JsonObject TrainPyRun()
    {
        using var data = new TempFolder();
        TinyCifar.Write(data.Path);
        using var work = new TempFolder();
        var run = CliRun.Start(work.Path, "--stand18", "--channel-wise", "--soft-mode", "--t", "2", "--width", "0.125",
            "--batch-size", "8", "--epochs", "2", "--randomgate", "--tunable-lif", "--seed", "5", "--display-interval", "2",
            "--save-interval", "1", "--dataset-path", data.Path, "--no-download", "--modeltag", "baseline");
        Assert.True(run.ExitCode == 0, run.ToString());
        var record = RunRecord.Of(work.Path, run.Stdout.Replace(data.Path, "<data>"),
            Directory.GetFiles(Path.Combine(work.Path, "raw"), "*.pth.tar", SearchOption.AllDirectories).Order().ToList(),
            Directory.GetFiles(Path.Combine(work.Path, "summaries"), "events.out.tfevents.*", SearchOption.AllDirectories),
            "state_dict");
        record["glif_params_sha256"] = Convert.ToHexString(SHA256.HashData(
            File.ReadAllBytes(Path.Combine(work.Path, "summaries", "baseline", "glif-params.json"))));
        record["log"] = new JsonArray(File.ReadAllLines(Assert.Single(Directory.GetFiles(Path.Combine(work.Path, "log"))))
            .Select(l => (JsonNode)RunRecord.Mask(LogDate().Replace(l, "[date] "))).ToArray());
        return record;
    }

    /// <summary>SGD with the cosine schedule on the plain-LIF network, Adam with StepLR on the 7B-wideNet (float64 gates).</summary>
    private static JsonObject DvsRuns()
    {
        using var temp = new TempFolder();
        var data = Path.Combine(temp.Path, "CIFAR10DVS");
        AedatFixture.WriteDataSet(data, ["bird", "airplane"], 11, seed: 7);
        var record = new JsonObject();
        string[][] commandLines =
        [
            ["-model", "SEWResNet_vanillaLIF", "-cnf", "AND", "-T", "2", "-lr", "0.05", "-T_max", "3"],
            ["-model", "SEWResNet_GLIF_dsr", "-cnf", "ADD", "--dsr_da", "-T", "2", "-opt", "Adam", "-lr", "0.001",
                "-lr_scheduler", "StepLR", "-step_size", "1", "-gamma", "0.5"],
        ];
        foreach (var flags in commandLines)
        {
            using var work = new TempFolder();
            var run = CliRun.Start(work.Path, ["dvs", .. flags, "-b", "4", "-epochs", "2", "-j", "2", "-data_dir", data,
                "-out_dir", "logs", "-device", "cpu"]);
            Assert.True(run.ExitCode == 0, run.ToString());
            record[string.Join(' ', flags)] = RunRecord.Of(work.Path, run.Stdout.Replace(data, "<data>"),
                Directory.GetFiles(Path.Combine(work.Path, "logs"), "*.pth", SearchOption.AllDirectories).Order().ToList(),
                Directory.GetFiles(Path.Combine(work.Path, "logs"), "events.out.tfevents.*", SearchOption.AllDirectories),
                "net");
        }
        return record;
    }

    private static void Check(string frontEnd, Func<JsonObject> run)
    {
        var actual = run();
        if (Environment.GetEnvironmentVariable("GATEDLIF_RECORD_BASELINE") == "1")
        {
            Record(frontEnd, actual);
            return;
        }
        var fixture = JsonNode.Parse(File.ReadAllText(RepoPaths.Fixture(FixtureName)))!.AsObject();
        var expected = fixture[frontEnd]!;
        if ((string?)fixture["machine"] == Machine())
        {
            Assert.Equal(Canonical(expected), Canonical(actual));
            return;
        }
        var differences = new List<string>();
        CompareStructure(expected, actual, frontEnd, differences);
        Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences.Take(40)));
    }

    private static void Record(string frontEnd, JsonObject record)
    {
        lock (Recording)
        {
            var path = Path.Combine(RepoPaths.Root, "tests", "GatedLif.Tests", "Fixtures", FixtureName);
            var fixture = File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path))!.AsObject() : new JsonObject();
            fixture["machine"] = Machine();
            fixture[frontEnd] = record;
            File.WriteAllText(path, fixture.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        }
    }

    private static string Canonical(JsonNode node) => node.ToJsonString();

    /// <summary>The same keys, arrays of the same length, the same strings once numbers are masked, and numbers
    /// within 0.1 + 10% of the recorded ones; hashes are not compared.</summary>
    private static void CompareStructure(JsonNode? expected, JsonNode? actual, string at, List<string> differences)
    {
        switch (expected)
        {
            case JsonObject e when actual is JsonObject a:
                var keys = e.Select(p => p.Key).Order().ToList();
                if (!keys.SequenceEqual(a.Select(p => p.Key).Order()))
                {
                    differences.Add($"{at}: keys {string.Join(",", keys)} vs {string.Join(",", a.Select(p => p.Key).Order())}");
                    return;
                }
                foreach (var key in keys.Where(k => !k.Contains("sha256")))
                    CompareStructure(e[key], a[key], $"{at}.{key}", differences);
                break;
            case JsonArray e when actual is JsonArray a:
                if (e.Count != a.Count)
                {
                    differences.Add($"{at}: {e.Count} items vs {a.Count}");
                    return;
                }
                for (int i = 0; i < e.Count; i++)
                    CompareStructure(e[i], a[i], $"{at}[{i}]", differences);
                break;
            case JsonValue e when actual is JsonValue a && e.TryGetValue(out string? es) && a.TryGetValue(out string? s):
                if (Number().Replace(es!, "#") != Number().Replace(s!, "#"))
                    differences.Add($"{at}: '{es}' vs '{s}'");
                else
                    foreach (var (x, y) in Number().Matches(es!).Zip(Number().Matches(s!)))
                        CompareNumbers(double.Parse(x.Value, CultureInfo.InvariantCulture), double.Parse(y.Value, CultureInfo.InvariantCulture), at, differences);
                break;
            case JsonValue e when actual is JsonValue a && e.TryGetValue(out double x) && a.TryGetValue(out double y):
                CompareNumbers(x, y, at, differences);
                break;
            case null when actual is null:
                break;
            default:
                if (expected?.GetValueKind() != actual?.GetValueKind() || expected?.ToJsonString() != actual?.ToJsonString()
                    && expected?.GetValueKind() is not (JsonValueKind.Number or JsonValueKind.String))
                    differences.Add($"{at}: {expected?.ToJsonString()} vs {actual?.ToJsonString()}");
                break;
        }
    }

    private static void CompareNumbers(double expected, double actual, string at, List<string> differences)
    {
        if (!(Math.Abs(expected - actual) <= 0.1 + 0.1 * Math.Abs(expected)))
            differences.Add($"{at}: {expected} vs {actual}");
    }

    /// <summary>The processor and thread count, which decide libtorch's kernels and their float sums.</summary>
    private static string Machine()
    {
        var cpu = File.ReadAllLines("/proc/cpuinfo");
        string Field(string name) => cpu.FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "";
        var flags = Convert.ToHexString(SHA256.HashData(Encoding.ASCII.GetBytes(Field("flags"))))[..16];
        return $"{Field("vendor_id")} family {Field("cpu family")} model {Field("model")} {Field("model name")}, flags {flags}, {Environment.ProcessorCount} cores";
    }

    [GeneratedRegex(@"-?\d+(\.\d+)?([eE][-+]?\d+)?")]
    private static partial Regex Number();

    [GeneratedRegex(@"^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}\] ")]
    private static partial Regex LogDate();
}
