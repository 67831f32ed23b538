using static TorchSharp.torch;

namespace GatedLif.Tests.TestSupport;

/// <summary>
/// One forward and backward pass of a spiking neuron, to hold one implementation against another: its spikes, and
/// the gradients of the input (<c>"x"</c>) and of every parameter for a given upstream gradient.
/// </summary>
public static class NeuronGradients
{
    public static (Tensor Spikes, Dictionary<string, Tensor> Grads) Run(
        nn.Module<Tensor, Tensor> neuron,
        Tensor x,
        Tensor upstream
    )
    {
        var input = x.detach().clone().requires_grad_();
        var spikes = neuron.call(input);
        (spikes * upstream).sum().backward();
        var grads = new Dictionary<string, Tensor> { ["x"] = input.grad!.clone() };
        foreach (var (name, p) in neuron.named_parameters())
            // A parameter only the skipped zero terms of step 0 touch may have no gradient; that equals zeros.
            grads[name] = p.grad is null ? zeros_like(p) : p.grad.clone();
        return (spikes.detach(), grads);
    }

    public static void AssertClose(
        Tensor expected,
        Tensor actual,
        string what,
        double relative = 1e-5,
        double absolute = 1e-6
    )
    {
        Assert.Equal(expected.shape, actual.shape);
        Assert.Equal(expected.dtype, actual.dtype);
        var e = expected.cpu().to_type(float64).data<double>().ToArray();
        var a = actual.cpu().to_type(float64).data<double>().ToArray();
        for (int i = 0; i < e.Length; i++)
            Assert.True(
                Math.Abs(e[i] - a[i]) <= relative * Math.Abs(e[i]) + absolute,
                $"{what}[{i}]: unrolled {e[i]}, fused {a[i]}"
            );
    }
}
