using System.Text.Json.Nodes;
using GatedLif.Checkpoints;
using GatedLif.Tests.TestSupport;
using static TorchSharp.torch;

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
        Assert.True(
            File.Exists(Python),
            $"{Python} is missing: this test needs Python 3 with torch (scripts/test.sh installs python3-torch)"
        );
        var import = Run("-c", "import torch");
        Assert.True(
            import.ExitCode == 0,
            $"{Python} cannot import torch, so PyTorch cannot check the written files (scripts/test.sh installs "
                + $"python3-torch):\n{import.Stderr}"
        );

        using var dir = new TempFolder();
        var everyKind = TorchCheckpointWriterTests.EveryKindOfValue();
        TorchCheckpointWriter.Write(dir.File("every-kind.pth"), everyKind);
        using var model = new TinyNet();
        StateDictCheckpoint.Write(dir.File("model.pth"), model, ("epoch", 7), ("arch", "tiny"));

        var (exitCode, stdout, stderr) = Run(
            "-c",
            CheckpointJson.PythonDescriber,
            dir.File("every-kind.pth"),
            dir.File("model.pth")
        );

        Assert.True(exitCode == 0, $"torch.load failed ({exitCode}):\n{stderr}");
        // Like PyTorch's state_dict(), the written tensors are detached: torch.load must give requires_grad=False.
        var modelState = new OrderedDictionary<string, Tensor>(
            ModuleStateOrder.OrderedStateDict(model).Select(kv => KeyValuePair.Create(kv.Key, kv.Value.detach()))
        );
        var expected = new JsonArray(
            CheckpointJson.Describe(everyKind, ordered: true),
            CheckpointJson.Describe(
                new OrderedDictionary<string, object?>
                {
                    ["state_dict"] = modelState,
                    ["epoch"] = 7,
                    ["arch"] = "tiny",
                },
                ordered: true
            )
        );
        var loaded = JsonNode.Parse(stdout);
        Assert.True(JsonNode.DeepEquals(expected, loaded), $"written\n{expected}\ntorch.load gave\n{loaded}");
    }

    private static (int ExitCode, string Stdout, string Stderr) Run(params string[] arguments) =>
        ScriptProcess.Run(ScriptProcess.Program(Python, arguments));
}
