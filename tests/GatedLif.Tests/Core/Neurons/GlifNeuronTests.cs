using System.Text.Json;
using GatedLif.Neurons;
using GatedLif.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Tests.Core.Neurons;

/// <summary>
/// Every neuron variant against spikes and BPTT gradients that PyTorch autograd computed from the GLIF membrane
/// update, o_t = H(u_t - Vth) (Fixtures/neuron_cases.json, written by tests/fixture-generators/neuron_cases.py):
/// 3 time steps (and one case of 1), gradients of the input and of every parameter, and the surrogate window's edges
/// (|z| = 0.5 passes nothing). A parameter that only the skipped zero terms of the first step touch may have no
/// gradient where PyTorch has zeros; SGD then leaves it unchanged, as it does with zero gradients.
/// </summary>
[Trait(KernelDependence.Trait, KernelDependence.Dependent)]
public sealed class GlifNeuronTests
{
    private static readonly AutogradCases Cases = new("neuron_cases.json");

    public static TheoryData<string> CaseNames() => Cases.Names();

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Spikes_and_gradients_match_autograd_of_the_equations(string name)
    {
        var c = Cases[name];
        var shape = AutogradCases.Shape(c);
        int steps = (int)shape[0],
            channels = (int)shape[2];
        var s = c.GetProperty("settings");
        bool Flag(string key) => s.TryGetProperty(key, out var v) && v.GetBoolean();
        var settings = new GlifSettings(
            steps,
            GlifSettings.DefaultGates,
            Flag("SoftMode"),
            Flag("StaticGate"),
            Flag("StaticParam"),
            Flag("TimeWise")
        );
        GlifNeuron neuron = c.GetProperty("variant").GetString() switch
        {
            "ChannelWise" => new ChannelWiseGlif(channels, settings),
            "LayerWise" => new LayerWiseGlif(settings),
            _ => new FusedGlif(channels, settings),
        };

        var own = neuron.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var given = c.GetProperty("params");
        Assert.Equal(given.EnumerateObject().Select(p => p.Name).Order(), own.Keys.Order());
        using (no_grad())
        {
            foreach (var p in given.EnumerateObject())
            {
                var expectedShape = p.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
                Assert.Equal(expectedShape, own[p.Name].shape);
                own[p.Name].copy_(tensor(AutogradCases.Floats(p.Value.GetProperty("values"))).reshape(expectedShape));
            }
        }

        var x = tensor(AutogradCases.Floats(c.GetProperty("x"))).reshape(shape).requires_grad_();
        var spikes = neuron.call(x);
        Assert.Equal(AutogradCases.Floats(c.GetProperty("spikes")), spikes.data<float>().ToArray());

        var upstream = tensor(AutogradCases.Floats(c.GetProperty("upstream"))).reshape(shape);
        (spikes * upstream).sum().backward();
        AssertClose(AutogradCases.Floats(c.GetProperty("grad_x")), x.grad!, $"{name}: d/dx");
        foreach (var p in c.GetProperty("grad_params").EnumerateObject())
        {
            if (p.Value.ValueKind == JsonValueKind.Null)
                Assert.True(
                    own[p.Name].grad is null || own[p.Name].grad!.abs().max().item<float>() == 0,
                    $"{name}: {p.Name} must get no gradient"
                );
            else if (own[p.Name].grad is null)
                Assert.All(AutogradCases.Floats(p.Value), g => Assert.Equal(0f, g));
            else
                AssertClose(AutogradCases.Floats(p.Value), own[p.Name].grad!, $"{name}: d/d{p.Name}");
        }
    }

    private static void AssertClose(float[] expected, Tensor actual, string what)
    {
        var got = actual.data<float>().ToArray();
        Assert.Equal(expected.Length, got.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(
                Math.Abs(expected[i] - got[i]) <= 1e-5 + 1e-5 * Math.Abs(expected[i]),
                $"{what}[{i}]: expected {expected[i]}, got {got[i]}"
            );
    }
}
