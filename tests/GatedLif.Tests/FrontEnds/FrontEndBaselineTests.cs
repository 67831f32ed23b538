using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GatedLif.Tests.Data.Datasets.Dvs;
using GatedLif.Tests.TestSupport;
using GatedLif.Training.Checkpointing;

namespace GatedLif.Tests.FrontEnds;

/// <summary>
/// Both command lines train two epochs on tiny data with fixed seeds, and what they leave (output, files,
/// checkpoints, TensorBoard scalars, GLIF records) is compared with Fixtures/front-end-baseline.json, recorded from
/// the training loops as they were before the training engine replaced them. On the machine that recorded it, with
/// the same instruction-set caps, the comparison is exact, to the bit of every tensor. On another processor libtorch
/// picks other kernels, a spike near threshold flips after a few optimiser steps and the runs part like two seeds
/// (an Intel Xeon's Adam moments came out with the other sign), so no tolerance makes trained numbers portable.
/// There only what does not depend on the processor is compared: keys, files, tensor dtypes and shapes, log-line
/// layout with the numbers masked, the learning-rate schedule and optimiser settings exactly, and the first
/// training step (before any update) within a measured tolerance.
/// Recording: <c>GATEDLIF_RECORD_BASELINE=1 scripts/test.sh --cpu native --filter FrontEndBaselineTests</c>
/// rewrites the fixture in the source tree.
/// </summary>
[Trait(KernelDependence.Trait, KernelDependence.Dependent)]
public sealed partial class FrontEndBaselineTests
{
    private const string FixtureName = "front-end-baseline.json";
    private static readonly object Recording = new();

    [GoldenFact]
    public void Train_py_command_line_reproduces_its_baseline() => Check("train.py", TrainPyRun);

    [Fact]
    public void Cifar10dvs_command_line_reproduces_its_baseline() => Check("cifar10dvs", DvsRuns);

    private static JsonObject TrainPyRun()
    {
        using var data = new TempFolder();
        TinyCifar.Write(data.Path);
        using var work = new TempFolder();
        var run = CliRun.Start(
            work.Path,
            "--stand18",
            "--channel-wise",
            "--soft-mode",
            "--t",
            "2",
            "--width",
            "0.125",
            "--batch-size",
            "8",
            "--epochs",
            "2",
            "--randomgate",
            "--tunable-lif",
            "--seed",
            "5",
            "--display-interval",
            "2",
            "--save-interval",
            "1",
            "--dataset-path",
            data.Path,
            "--no-download",
            "--modeltag",
            "baseline"
        );
        Assert.True(run.ExitCode == 0, run.ToString());
        var record = RunRecord.Of(
            work.Path,
            run.Stdout.Replace(data.Path, "<data>"),
            Directory
                .GetFiles(Path.Combine(work.Path, "raw"), "*.pth.tar", SearchOption.AllDirectories)
                .Order()
                .ToList(),
            Directory.GetFiles(
                Path.Combine(work.Path, "summaries"),
                "events.out.tfevents.*",
                SearchOption.AllDirectories
            ),
            "state_dict"
        );
        record["glif_params_sha256"] = Convert.ToHexString(
            SHA256.HashData(File.ReadAllBytes(Path.Combine(work.Path, "summaries", "baseline", "glif-params.json")))
        );
        record["log"] = new JsonArray(
            File.ReadAllLines(Assert.Single(Directory.GetFiles(Path.Combine(work.Path, "log"))))
                .Select(l => (JsonNode)RunRecord.Mask(LogDate().Replace(l, "[date] ")))
                .ToArray()
        );
        return record;
    }

    /// <summary>SGD with the cosine schedule on the plain-LIF network, Adam with StepLR on the 7B-wideNet (float64
    /// gates).</summary>
    private static JsonObject DvsRuns()
    {
        using var temp = new TempFolder();
        var data = Path.Combine(temp.Path, "CIFAR10DVS");
        AedatFixture.WriteDataSet(data, ["bird", "airplane"], 11, seed: 7);
        var record = new JsonObject();
        string[][] commandLines =
        [
            ["-model", "SEWResNet_vanillaLIF", "-cnf", "AND", "-T", "2", "-lr", "0.05", "-T_max", "3"],
            [
                "-model",
                "SEWResNet_GLIF_dsr",
                "-cnf",
                "ADD",
                "--dsr_da",
                "-T",
                "2",
                "-opt",
                "Adam",
                "-lr",
                "0.001",
                "-lr_scheduler",
                "StepLR",
                "-step_size",
                "1",
                "-gamma",
                "0.5",
            ],
        ];
        foreach (var flags in commandLines)
        {
            using var work = new TempFolder();
            var run = CliRun.Start(
                work.Path,
                [
                    "dvs",
                    .. flags,
                    "-b",
                    "4",
                    "-epochs",
                    "2",
                    "-j",
                    "2",
                    "-data_dir",
                    data,
                    "-out_dir",
                    "logs",
                    "-device",
                    "cpu",
                ]
            );
            Assert.True(run.ExitCode == 0, run.ToString());
            record[string.Join(' ', flags)] = RunRecord.Of(
                work.Path,
                run.Stdout.Replace(data, "<data>"),
                Directory
                    .GetFiles(Path.Combine(work.Path, "logs"), "*.pth", SearchOption.AllDirectories)
                    .Order()
                    .ToList(),
                Directory.GetFiles(
                    Path.Combine(work.Path, "logs"),
                    "events.out.tfevents.*",
                    SearchOption.AllDirectories
                ),
                "net"
            );
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
        CompareStructure(expected, actual, frontEnd, independent: false, differences);
        CompareFirstStep(expected, actual, frontEnd, differences);
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

    /// <summary>The same keys, arrays of the same length and the same strings once numbers are masked; numbers only
    /// where no kernel computes them (<see cref="ProcessorIndependent"/>), and there exactly.</summary>
    private static void CompareStructure(
        JsonNode? expected,
        JsonNode? actual,
        string at,
        bool independent,
        List<string> differences
    )
    {
        switch (expected)
        {
            case JsonObject e when actual is JsonObject a:
                var keys = e.Select(p => p.Key).Order().ToList();
                if (!keys.SequenceEqual(a.Select(p => p.Key).Order()))
                {
                    differences.Add(
                        $"{at}: keys {string.Join(",", keys)} vs {string.Join(",", a.Select(p => p.Key).Order())}"
                    );
                    return;
                }
                // auto's plans follow the processor class and the first batch's spikes: their layers are compared,
                // not the kernel each chose.
                if (at.EndsWith("." + ConvolutionPlanEntry.Key, StringComparison.Ordinal))
                    return;
                // A TensorBoard scalar of the learning rate is the schedule's, not a kernel's.
                bool rateScalar =
                    e["tag"] is JsonValue tag
                    && tag.TryGetValue(out string? name)
                    && name.StartsWith("Learning_Rate", StringComparison.Ordinal);
                foreach (var key in keys.Where(k => !k.Contains("sha256")))
                    CompareStructure(
                        e[key],
                        a[key],
                        $"{at}.{key}",
                        independent || ProcessorIndependent().IsMatch($"{at}.{key}") || rateScalar && key == "value",
                        differences
                    );
                break;
            case JsonArray e when actual is JsonArray a:
                if (e.Count != a.Count)
                {
                    differences.Add($"{at}: {e.Count} items vs {a.Count}");
                    return;
                }
                for (int i = 0; i < e.Count; i++)
                    CompareStructure(e[i], a[i], $"{at}[{i}]", independent, differences);
                break;
            case JsonValue e
                when actual is JsonValue a && e.TryGetValue(out string? es) && a.TryGetValue(out string? s):
                if ((independent ? es : Number().Replace(es!, "#")) != (independent ? s : Number().Replace(s!, "#")))
                    differences.Add($"{at}: '{es}' vs '{s}'");
                break;
            case JsonValue e when actual is JsonValue a && e.TryGetValue(out double x) && a.TryGetValue(out double y):
                if (independent && x != y)
                    differences.Add($"{at}: {x} vs {y}");
                break;
            case null when actual is null:
                break;
            default:
                if (
                    expected?.GetValueKind() != actual?.GetValueKind()
                    || expected?.ToJsonString() != actual?.ToJsonString()
                        && expected?.GetValueKind() is not (JsonValueKind.Number or JsonValueKind.String)
                )
                    differences.Add($"{at}: {expected?.ToJsonString()} vs {actual?.ToJsonString()}");
                break;
        }
    }

    /// <summary>
    /// train.py's first Train Epoch line reports the loss and accuracy of the first batch before any update: one
    /// forward pass from the seeded initial weights, which every processor computes alike but for the order of
    /// float sums. Top-1 and top-5 must be equal.
    /// </summary>
    private static void CompareFirstStep(JsonNode expected, JsonNode actual, string at, List<string> differences)
    {
        if (expected["stdout"] is not JsonArray expectedLines || actual["stdout"] is not JsonArray actualLines)
            return;
        string? First(JsonArray lines) =>
            lines
                .Select(l => (string?)l)
                .FirstOrDefault(l => l?.StartsWith("Train Epoch:", StringComparison.Ordinal) == true);
        if (First(expectedLines) is not { } e || First(actualLines) is not { } a)
            return;
        double Value(string line, string label) =>
            double.Parse(
                Regex.Match(line, label + @"\s*[:=]\s*(-?[0-9.]+)").Groups[1].Value,
                CultureInfo.InvariantCulture
            );
        if (!(Math.Abs(Value(e, "Loss") - Value(a, "Loss")) <= FirstLossTolerance))
            differences.Add(
                $"{at}: first step's loss {Value(a, "Loss")} vs {Value(e, "Loss")} (tolerance {FirstLossTolerance})"
            );
        foreach (var label in new[] { "Top-1", "Top-5" })
            if (Value(e, label) != Value(a, label))
                differences.Add($"{at}: first step's {label} {Value(a, label)} vs {Value(e, label)}");
    }

    /// <summary>Largest deviation measured across the native, avx2 and baseline choices on an AMD EPYC (Zen 5): none
    /// at the printed six decimals (2.302690 under all three, and in the fixture recorded on another EPYC); the
    /// bound is the 4th decimal, where r18cw.json's golden loss moves between processors (1.2e-4), so one spike
    /// flipping in this forward pass passes and a changed model or data order (a loss off by 1e-3 or more)
    /// fails.</summary>
    private const double FirstLossTolerance = 1e-4;

    /// <summary>The processor and thread count, which decide libtorch's kernels and their float sums.</summary>
    private static string Machine()
    {
        var cpu = File.ReadAllLines("/proc/cpuinfo");
        string Field(string name) =>
            cpu.FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "";
        var flags = Convert.ToHexString(SHA256.HashData(Encoding.ASCII.GetBytes(Field("flags"))))[..16];
        var caps = KernelDependence.Caps();
        return $"{Field("vendor_id")} family {Field("cpu family")} model {Field("model")} {Field("model name")}, "
            + $"flags {flags}, {Environment.ProcessorCount} cores"
            + (caps.Length > 0 ? $", {caps}" : "");
    }

    [GeneratedRegex(@"-?\d+(\.\d+)?([eE][-+]?\d+)?")]
    private static partial Regex Number();

    [GeneratedRegex(@"^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}\] ")]
    private static partial Regex LogDate();

    /// <summary>Leaves no kernel computes: the schedule and optimiser settings, the run's seed, arguments and format,
    /// tensor dtypes and shapes, TensorBoard steps, and the epoch of a checkpoint saved every epoch (not that of the
    /// best one, which follows the accuracies).</summary>
    [GeneratedRegex(
        @"\.lr_scheduler\.|\.param_groups|\.extra\.(seed|format|args)\b|\.(dtype|shape|step)$|checkpoint(_latest|"
            + @"-\d+)[^.]*\.pth(\.tar)?\.extra\.epoch$"
    )]
    private static partial Regex ProcessorIndependent();
}
