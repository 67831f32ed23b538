using GatedLif.Neurons;
using GatedLif.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Tests.Core.Neurons;

/// <summary>
/// SpikingJelly's parametric LIF neuron against spikes and BPTT gradients that PyTorch autograd computed from the
/// equations of SpikingJelly 0.0.0.0.10 (Fixtures/plif_cases.json, written by tests/fixture-generators/plif_cases.py):
/// initial τ, a learned w, the reset attached to the graph, T = 1, and the threshold edge (H(0) = 1).
/// </summary>
[Trait(KernelDependence.Trait, KernelDependence.Dependent)]
public sealed class ParametricLifTests
{
    private static readonly AutogradCases Cases = new("plif_cases.json");

    public static TheoryData<string> CaseNames() => Cases.Names();

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Spikes_and_gradients_match_autograd_of_the_equations(string name)
    {
        var c = Cases[name];
        var shape = AutogradCases.Shape(c);
        using var neuron = new ParametricLif(detachReset: c.GetProperty("detach_reset").GetBoolean());
        var w = neuron.named_parameters().Single();
        Assert.Equal("w", w.name);
        using (no_grad())
            w.parameter.fill_(c.GetProperty("w").GetDouble());

        var x = tensor(AutogradCases.Floats(c.GetProperty("x"))).reshape(shape).requires_grad_();
        var spikes = neuron.call(x);
        Assert.Equal(AutogradCases.Floats(c.GetProperty("spikes")), spikes.data<float>().ToArray());

        var upstream = tensor(AutogradCases.Floats(c.GetProperty("upstream"))).reshape(shape);
        (spikes * upstream).sum().backward();
        var expected = AutogradCases.Floats(c.GetProperty("grad_x"));
        var got = x.grad!.data<float>().ToArray();
        for (int i = 0; i < expected.Length; i++)
            AssertClose(expected[i], got[i], $"{name}: d/dx[{i}]");
        AssertClose((float)c.GetProperty("grad_w").GetDouble(), w.parameter.grad!.item<float>(), $"{name}: d/dw");
    }

    [Fact]
    public void Starts_at_the_reference_initial_time_constant_with_w_a_float32_scalar()
    {
        using var neuron = new ParametricLif();
        var w = neuron.state_dict()["w"];
        Assert.Empty(w.shape);
        Assert.Equal(ScalarType.Float32, w.dtype);
        // -ln(2 - 1) is -0.0, as SpikingJelly stores it.
        Assert.Equal(0f, w.item<float>());
        Assert.True(float.IsNegative(w.item<float>()));
        Assert.Equal(2.0, neuron.Tau, 6);
        using var slow = new ParametricLif(initialTau: 5.0);
        Assert.Equal(5.0, slow.Tau, 5);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ParametricLif(initialTau: 1.0));
    }

    [Fact]
    public void Runs_any_number_of_time_steps()
    {
        using var neuron = new ParametricLif();
        foreach (int steps in new[] { 1, 4, 16 })
        {
            using var x = rand(steps, 2, 3) * 3;
            using var y = neuron.call(x);
            Assert.Equal(x.shape, y.shape);
        }
    }

    private static void AssertClose(float expected, float actual, string what) =>
        Assert.True(
            Math.Abs(expected - actual) <= 1e-5 + 1e-5 * Math.Abs(expected),
            $"{what}: expected {expected}, got {actual}"
        );
}
