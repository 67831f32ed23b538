using System.Diagnostics;
using System.Text.Json.Nodes;
using GatedLif.Checkpoints;
using GatedLif.Training;
using GatedLif.Training.Checkpointing;
using static TorchSharp.torch;

using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Core.Checkpoints;

/// <summary>
/// Checks that PyTorch itself reads what the writer produces. Needs /usr/bin/python3 with torch (scripts/test.sh
/// installs python3-torch): where torch cannot be imported the test fails and says why, so it never passes unchecked.
/// </summary>
[Trait(KernelDependence.Trait, KernelDependence.Dependent)]
public class PyTorchInteropTests
{
    private const string Python = "/usr/bin/python3";

    [Fact]
    public void Torch_load_reads_the_written_checkpoint()
    {
        Assert.True(File.Exists(Python), $"{Python} is missing: this test needs Python 3 with torch (scripts/test.sh installs python3-torch)");
        var import = Run("-c", "import torch");
        Assert.True(import.ExitCode == 0,
            $"{Python} cannot import torch, so PyTorch cannot check the written files (scripts/test.sh installs python3-torch):\n{import.Stderr}");

        using var dir = new TempFolder();
        var everyKind = TorchCheckpointWriterTests.EveryKindOfValue();
        TorchCheckpointWriter.Write(dir.File("every-kind.pth"), everyKind);
        using var model = new TinyNet();
        StateDictCheckpoint.Write(dir.File("model.pth"), model, ("epoch", 7), ("arch", "tiny"));

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

    /// <summary>
    /// A training checkpoint of either layout gives torch the loss scaler's entry as torch's
    /// <c>GradScaler.state_dict()</c> holds it: the same keys in the same order, with the same Python types. The entry
    /// holds no global, only strings and numbers; Debian's torch 1.13 cannot show that <c>weights_only=True</c> loads
    /// it, since its weights-only unpickler refuses every float, those of torch's own state_dicts too.
    /// </summary>
    [Theory]
    [MemberData(nameof(CheckpointLayouts.Names), MemberType = typeof(CheckpointLayouts))]
    public void Torch_load_reads_the_scaler_entry_as_torch_writes_it(string layoutName)
    {
        using var dir = new TempFolder();
        using var model = new TinyNet();
        var scaler = new GradScaler(initScale: 1024, growthInterval: 1000);
        var (_, path) = CheckpointLayouts.Write(layoutName, dir, layout => layout.Write(new TrainingSnapshot(model, 3,
            BestScore.None, [], [], Generator.Default.get_state(), Scaler: GradScalerEntry.Of(scaler))));

        var (exitCode, stdout, stderr) = Run("-c",
            "import json, sys, torch; print(json.dumps(torch.load(sys.argv[1])['scaler']))", path);

        Assert.True(exitCode == 0, $"torch.load failed ({exitCode}):\n{stderr}");
        Assert.Equal("""{"scale": 1024.0, "growth_factor": 2.0, "backoff_factor": 0.5, "growth_interval": 1000, "_growth_tracker": 0}""",
            stdout.Trim());
    }

    private static (int ExitCode, string Stdout, string Stderr) Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        return ScriptProcess.Run(start);
    }
}
