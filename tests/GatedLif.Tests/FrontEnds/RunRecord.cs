using System.Collections;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GatedLif.Checkpoints;
using GatedLif.Tests.Cli.Summaries;
using static TorchSharp.torch;

namespace GatedLif.Tests.FrontEnds;

/// <summary>
/// What a command line leaves behind, as JSON that two runs on one machine reproduce exactly: its standard output
/// with times, dates and the working folder masked; every file it wrote; each checkpoint's entries (tensors by
/// dtype, shape, SHA-256 of their bytes and sum); TensorBoard scalars (except images/s) and histogram tags.
/// </summary>
internal static partial class RunRecord
{
    public static JsonObject Of(
        string work,
        string stdout,
        IReadOnlyList<string> checkpointFiles,
        IReadOnlyList<string> eventFiles,
        string stateDictKey
    )
    {
        // Files of ours that cifar10dvs runs write beside the reference's: the log file and the split cache.
        var files = Directory
            .GetFiles(work, "*", SearchOption.AllDirectories)
            .Where(f =>
                Path.GetFileName(f) != "train.log"
                && !Path.GetRelativePath(work, f).StartsWith("dts_cache", StringComparison.Ordinal)
            )
            .Select(f => Mask(Path.GetRelativePath(work, f)))
            .Order(StringComparer.Ordinal)
            .Select(f => (JsonNode)f)
            .ToArray();
        var checkpoints = new JsonObject();
        foreach (var file in checkpointFiles)
            checkpoints[Mask(Path.GetRelativePath(work, file))] = Checkpoint(file, stateDictKey);
        var events = new JsonObject();
        foreach (var file in eventFiles)
            events[Mask(Path.GetRelativePath(work, Path.GetDirectoryName(file)!))] = Events(file);
        return new JsonObject
        {
            ["stdout"] = new JsonArray(
                stdout.Replace(work, "<work>").Split('\n').Select(l => (JsonNode)Mask(l)).ToArray()
            ),
            ["files"] = new JsonArray(files),
            ["checkpoints"] = checkpoints,
            ["events"] = events,
        };
    }

    /// <summary>Masks what changes from run to run: clock times, dates, durations, event file names.</summary>
    public static string Mask(string line)
    {
        foreach (var (pattern, replacement) in Volatile)
            line = pattern.Replace(line, replacement);
        return line;
    }

    private static readonly (Regex, string)[] Volatile =
    [
        (new(@"^\[\d\d \d\d:\d\d:\d\d\] "), "[time] "),
        (new(@"Time = [0-9.e+-]+"), "Time = <s>"),
        (new(@"val_time = [0-9.e+-]+"), "val_time = <s>"),
        (new(@"time used in the epoch:[0-9.e+-]+"), "time used in the epoch:<s>"),
        (new(@"total_time=[^,]+, escape_time=.*$"), "total_time=<s>, escape_time=<date>"),
        (new(@"in [0-9.]+ s \([^)]*\)"), "in <s>"),
        (new(@"events\.out\.tfevents\.[^/]+$"), "events.out.tfevents.<id>"),
        (new(@"train-\d+\.\d+$"), "train-<time>"),
    ];

    private static JsonObject Checkpoint(string path, string stateDictKey)
    {
        using var checkpoint = TorchCheckpointReader.Read(path, stateDictKey);
        // Sorted: the reader's dictionary follows .NET's per-process string hashing, not the file's order.
        var state = new JsonObject();
        foreach (var (key, tensor) in checkpoint.StateDict.OrderBy(e => e.Key, StringComparer.Ordinal))
            state[key] = Describe(tensor);
        var extra = new JsonObject();
        foreach (var (key, value) in checkpoint.Extra.OrderBy(e => e.Key, StringComparer.Ordinal))
            extra[key] = Describe(value);
        return new JsonObject { ["state"] = state, ["extra"] = extra };
    }

    private static JsonNode? Describe(object? value) =>
        value switch
        {
            null => null,
            Tensor t => new JsonObject
            {
                ["dtype"] = t.dtype.ToString(),
                ["shape"] = new JsonArray(t.shape.Select(s => (JsonNode)s).ToArray()),
                ["sha256"] = Convert.ToHexString(SHA256.HashData(t.contiguous().bytes)),
                ["sum"] = t.to_type(float64).sum().item<double>(),
            },
            IDictionary d => new JsonObject(
                d.Keys.Cast<object>()
                    .OrderBy(k => k.ToString(), StringComparer.Ordinal)
                    .Select(k =>
                        KeyValuePair.Create(k.ToString()!, k is "created" ? (JsonNode?)"<date>" : Describe(d[k]))
                    )
            ),
            // A folder the test made (the data set's, in the run's recorded flags) changes with every run.
            string s => s.StartsWith(Path.GetTempPath(), StringComparison.Ordinal) ? "<temp folder>" : s,
            bool b => b,
            int or long => Convert.ToInt64(value),
            double or float => Convert.ToDouble(value),
            IEnumerable items => new JsonArray(items.Cast<object?>().Select(Describe).ToArray()),
            _ => value.ToString(),
        };

    private static JsonArray Events(string path)
    {
        var values = new JsonArray();
        foreach (var e in EventFileReader.Read(path))
        foreach (var v in e.Values.Where(v => !v.Tag.StartsWith("Images_per_second", StringComparison.Ordinal)))
            values.Add(
                new JsonObject
                {
                    ["step"] = e.Step,
                    ["tag"] = v.Tag,
                    ["value"] = v.SimpleValue is { } f ? f : null,
                    ["histogram_sum"] = v.Histogram is { } h ? h.Sum : null,
                }
            );
        return values;
    }
}
