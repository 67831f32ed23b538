using GatedLif.Checkpoints;
using GatedLif.Models;
using GatedLif.Models.Blocks;
using GatedLif.Models.Networks;
using GatedLif.Randomness;
using GatedLif.Tests.TestSupport;
using static TorchSharp.torch;

namespace GatedLif.Tests.Models.Networks;

[Trait(KernelDependence.Trait, KernelDependence.Dependent)]
public sealed class DvsModelTests
{
    [GoldenTheory]
    [InlineData("SEWResNet_GLIF_dsr", "SEWResNet_GLIF_dsr-T16.txt", 48)]
    [InlineData("SEWResNet_vanillaLIF", "SEWResNet_vanillaLIF-T16.txt", 128)]
    [InlineData("SEWResNet", "SEWResNet-PLIF.txt", 128)]
    public void State_dict_matches_the_reference_list(string model, string listName, int side)
    {
        var golden = File.ReadAllLines(Path.Combine(RepoPaths.Golden, "keys", listName))
            .Where(l => l.Length > 0)
            .ToList();
        using var net = Architectures.DvsNamed(model).Create(ConnectFunction.ADD, 16, side, new NumpyLegacyRandom(9));
        var actual = ModuleStateOrder
            .OrderedStateDict(net)
            .Select(e => $"{e.Key}\t[{string.Join(", ", e.Value.shape)}]\t{DtypeName(e.Value.dtype)}")
            .ToList();
        Assert.Equal(golden, actual);
    }

    [Fact]
    public void Glif_gates_are_drawn_from_uniform_minus_to_plus_a_tenth()
    {
        using var net = Architectures.SewResNetGlifDsr.Create(ConnectFunction.ADD, 2, 48, new NumpyLegacyRandom(9));
        var gates = net.named_parameters().Where(p => p.name.EndsWith(".alpha") || p.name.EndsWith(".gamma")).ToList();
        Assert.NotEmpty(gates);
        Assert.All(gates, g =>
        {
            Assert.True(g.parameter.abs().max().item<double>() <= 0.1);
            Assert.True(g.parameter.std().item<double>() > 0.01);
        });
    }

    [Fact]
    public void SEWResNet_GLIF_sizes_its_classifier_from_128_pixels_and_rejects_48()
    {
        using var net = Architectures.SewResNetGlif.Create(ConnectFunction.IAND, 2, 128, new NumpyLegacyRandom(9));
        Assert.Equal([10L, 128], net.state_dict()["out.weight"].shape);
        Assert.Throws<ArgumentException>(() =>
            Architectures.SewResNetGlif.Create(ConnectFunction.ADD, 2, 48, new NumpyLegacyRandom(9))
        );
    }

    [Fact]
    public void WideNet_maps_a_batch_to_ten_logits()
    {
        using var net = Architectures.SewResNetGlifDsr.Create(ConnectFunction.ADD, 2, 48, new NumpyLegacyRandom(9));
        using var x = rand([3, 2, 2, 48, 48]) * 4;
        using var y = net.call(x);
        Assert.Equal([3L, 10], y.shape);
        Assert.Equal(ScalarType.Float32, y.dtype);
    }

    [Fact]
    public void PLIF_baseline_runs_on_any_number_of_frames_and_needs_128_pixels()
    {
        using var net = Architectures.SewResNetPlif.Create(ConnectFunction.ADD, 16, 128, new NumpyLegacyRandom(9));
        Assert.False(Architectures.SewResNetPlif.Neurons.RecordsTimeSteps);
        using (no_grad())
        {
            foreach (int steps in new[] { 2, 3 })
            {
                using var x = rand([2, steps, 2, 128, 128]) * 3;
                using var y = net.call(x);
                Assert.Equal([2L, 10], y.shape);
            }
        }
        Assert.Throws<ArgumentException>(() =>
            Architectures.SewResNetPlif.Create(ConnectFunction.ADD, 16, 48, new NumpyLegacyRandom(9))
        );
    }

    [Fact]
    public void PLIF_baseline_pools_by_max()
    {
        using var net = Architectures.SewResNetPlif.Create(ConnectFunction.ADD, 4, 128, new NumpyLegacyRandom(9));
        var pools = net.modules().Select(m => m.GetType().Name).Where(n => n.Contains("Pool")).ToList();
        Assert.Equal(7, pools.Count);
        Assert.All(pools, p => Assert.Equal("MaxPool2d", p));
    }

    [Fact]
    public void A_PLIF_state_dict_is_recognised_without_T()
    {
        using var net = Architectures.SewResNetPlif.Create(ConnectFunction.IAND, 8, 128, new NumpyLegacyRandom(9));
        var found = ArchitectureRecognizer.RecognizeDvs(net.state_dict().ToDictionary(e => e.Key, e => e.Value.shape));
        Assert.Equal((Architectures.SewResNetPlif, (int?)null), found);
    }

    private static string DtypeName(ScalarType t) =>
        t switch
        {
            ScalarType.Float32 => "float32",
            ScalarType.Float64 => "float64",
            ScalarType.Int64 => "int64",
            _ => t.ToString(),
        };
}
