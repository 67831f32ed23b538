using System.Collections;
using GatedLif.Checkpoints;
using GatedLif.Models;
using GatedLif.Models.Blocks;
using GatedLif.Models.Networks;
using GatedLif.Neurons;
using GatedLif.Randomness;
using GatedLif.Tests.TestSupport;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace GatedLif.Tests.Models.Networks;

/// <summary>
/// PLIF networks built by the reference's own smodels.py with SpikingJelly 0.0.0.0.10's neuron
/// (tests/parity/plif_reference_model.py), loaded into ours: the same logits in evaluation and training mode
/// (within 1e-4) and the same parameter gradients of the cross-entropy. The committed fixture is a small ResNetN
/// with every block type; <c>GATEDLIF_PLIF_PARITY</c> adds a file the script wrote locally (the full SEWResNet).
/// </summary>
[Trait(KernelDependence.Trait, KernelDependence.Dependent)]
public sealed class PlifReferenceParityTests(ITestOutputHelper output)
{
    private const string LocalFileVariable = "GATEDLIF_PLIF_PARITY";

    public static TheoryData<string> Files()
    {
        var files = new TheoryData<string> { RepoPaths.Fixture("plif_resnetn_reference.pth") };
        if (Environment.GetEnvironmentVariable(LocalFileVariable) is { Length: > 0 } local)
            files.Add(local);
        return files;
    }

    /// <summary>The fixture's ResNetN: what --small builds in the parity script.</summary>
    private static readonly SewResNet.Stage[] SmallStages =
    [
        new(8, true),
        new(8, false, DvsBlock.Plain, Blocks: 2, MidChannels: 4),
        new(16, true, DvsBlock.Basic, UpKernel: 3),
        new(16, false),
    ];

    [Theory]
    [MemberData(nameof(Files))]
    public void Logits_and_gradients_equal_the_reference(string file)
    {
        using var reference = TorchCheckpointReader.Read(file, "net");
        var frames = (Tensor)reference.Extra["frames"]!;
        var labels = (Tensor)reference.Extra["labels"]!;
        int side = (int)frames.shape[^1];
        var connect = ConnectFunctions.Parse((string)reference.Extra["cnf"]!);
        using var net =
            side == 128
                ? Architectures.SewResNetPlif.Create(connect, (int)frames.shape[1], side, new NumpyLegacyRandom(9))
                : new SewResNet(SmallStages, connect, _ => new ParametricLif(), side, pooling: StagePooling.Max);
        StateDictLoader.Load(net, reference.StateDict, file);

        net.eval();
        using (no_grad())
        {
            using var logits = net.call(frames);
            AssertClose((Tensor)reference.Extra["eval_logits"]!, logits, 1e-4, 0, "evaluation logits");
        }

        net.train();
        using var trainLogits = net.call(frames);
        AssertClose((Tensor)reference.Extra["train_logits"]!, trainLogits, 1e-4, 0, "training logits");
        using var loss = nn.functional.cross_entropy(trainLogits, labels);
        loss.backward();
        var grads = (Hashtable)reference.Extra["grads"]!;
        var own = net.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        Assert.Equal(grads.Keys.Cast<string>().Order(), own.Keys.Order());
        foreach (DictionaryEntry g in grads)
            AssertClose((Tensor)g.Value!, own[(string)g.Key].grad!, 1e-5, 1e-3, $"d loss / d {g.Key}");
    }

    private void AssertClose(Tensor expected, Tensor actual, double absolute, double relative, string what)
    {
        Assert.Equal(expected.shape, actual.shape);
        var e = expected.data<float>().ToArray();
        var a = actual.data<float>().ToArray();
        double worst = 0;
        for (int i = 0; i < e.Length; i++)
            worst = Math.Max(worst, Math.Abs(e[i] - a[i]) - relative * Math.Abs(e[i]));
        output.WriteLine($"{what}: largest difference beyond {relative} relative {worst:E2}");
        Assert.True(
            worst <= absolute,
            $"{what}: differs by {worst:E2} beyond {relative} relative (allowed {absolute:E0})"
        );
    }
}
