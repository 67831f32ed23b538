using System.Diagnostics;
using System.Text.Json.Nodes;
using GatedLif.Checkpoints;
using Xunit.Abstractions;
using static TorchSharp.torch;

using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Checkpoints;

/// <summary>
/// Checks that PyTorch itself reads what the writer produces. Needs /usr/bin/python3 with torch; where torch
/// cannot be imported the test passes without checking and says so in its output (xunit 2 has no runtime skip).
/// Where torch is importable, any difference fails the test.
/// </summary>
[Trait(KernelDependence.Trait, KernelDependence.Dependent)]
public class PyTorchInteropTests(ITestOutputHelper output)
{
    private const string Python = "/usr/bin/python3";

    [Fact]
    public void TorchLoadReadsWrittenCheckpoint_OnlyCheckedWhereTorchIsInstalled()
    {
        if (!TorchImportable())
        {
            output.WriteLine($"NOT CHECKED: {Python} cannot import torch; install python3-torch to run this test.");
            return;
        }

        using var dir = new TempFolder();
        var everyKind = TorchCheckpointWriterTests.EveryKindOfValue();
        TorchCheckpointWriter.Write(dir.File("every-kind.pth"), everyKind);
        using var model = new TinyNet();
        TorchCheckpointWriter.WriteStateDict(dir.File("model.pth"), model, ("epoch", 7), ("arch", "tiny"));

        var (exitCode, stdout, stderr) = Run("-c", CheckpointJson.PythonDescriber, dir.File("every-kind.pth"), dir.File("model.pth"));

        Assert.True(exitCode == 0, $"torch.load failed ({exitCode}):\n{stderr}");
        // Like PyTorch's state_dict(), the written tensors are detached: torch.load must give requires_grad=False.
        var modelState = new OrderedDictionary<string, Tensor>(
            ModuleStateOrder.OrderedStateDict(model).Select(kv => KeyValuePair.Create(kv.Key, kv.Value.detach())));
        var expected = new JsonArray(
            CheckpointJson.Describe(everyKind, ordered: true),
            CheckpointJson.Describe(new OrderedDictionary<string, object?> { ["state_dict"] = modelState, ["epoch"] = 7, ["arch"] = "tiny" }, ordered: true));
        var loaded = JsonNode.Parse(stdout);
        Assert.True(JsonNode.DeepEquals(expected, loaded), $"written\n{expected}\ntorch.load gave\n{loaded}");
    }

    private static bool TorchImportable()
    {
        if (!File.Exists(Python))
            return false;
        return Run("-c", "import torch").ExitCode == 0;
    }

    private static (int ExitCode, string Stdout, string Stderr) Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
