using GatedLif.Cli.Logging;
using GatedLif.Kernels;
using GatedLif.Layers;
using GatedLif.Layers.Convolutions;
using GatedLif.Layers.Convolutions.AutoTuning;
using GatedLif.Neurons;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GatedLif.Cli.Benchmarks;

/// <summary>
/// Where a training step's time goes, operation by operation: one forward pass records the input of every
/// convolution container and every GLIF neuron, then each operation runs on its own on that input (the fastest of
/// a few runs) and the times are summed by kind. The sums leave out what runs between the operations (residual
/// additions, pooling, the read-out, the loss, the optimiser), so they add up to a little less than a step.
/// </summary>
public static class StepProfile
{
    private const string DenseForward = "spike-input convolutions, dense: forward",
        DenseBackward = "spike-input convolutions, dense: backward (input and weight gradients)",
        SpikeForward = "spike-input convolutions, spike kernel: forward",
        SpikeWeightGradient = "spike-input convolutions, spike kernel: weight gradient",
        InputGradient = "spike-input convolutions: input gradient (dense, as the spike plans run it)",
        OtherConvolutions = "other convolutions (the stem): forward and backward",
        BatchNorm = "batch norm: forward and backward",
        Neurons = "GLIF neurons: forward and backward";

    public static void Print(nn.Module<Tensor, Tensor> model, Tensor images, TextWriter output, int repeat)
    {
        var containers = new List<(TimeDistributed Container, Tensor Input)>();
        var neurons = new List<(GlifNeuron Neuron, Tensor Input)>();
        var removers = new List<Action>();
        foreach (var module in model.modules())
        {
            if (module is TimeDistributed { Layers: [Conv2d, ..] } container)
                removers.Add(
                    container
                        .register_forward_pre_hook(
                            (_, x) =>
                            {
                                containers.Add((container, x.detach().clone()));
                                return x;
                            }
                        )
                        .remove
                );
            if (module is GlifNeuron neuron)
                removers.Add(
                    neuron
                        .register_forward_pre_hook(
                            (_, x) =>
                            {
                                neurons.Add((neuron, x.detach().clone()));
                                return x;
                            }
                        )
                        .remove
                );
        }
        model.train();
        using (no_grad())
            model.call(images).Dispose();
        foreach (var remove in removers)
            remove();

        var seconds = new Dictionary<string, double>();
        void Add(string kind, double s) => seconds[kind] = seconds.GetValueOrDefault(kind) + s;
        foreach (var (container, input) in containers)
        {
            using var scope = NewDisposeScope();
            var conv = (Conv2d)container.Layers[0];
            var g = ConvolutionGeometry.Of(conv);
            var x = input.flatten(0, 1);
            var w = conv.weight!.detach();
            bool spikes = container.InputRoute is not null && SpikeConvolutionKernel.Supports(x, w);
            Tensor y;
            using (no_grad())
                y = Conv2dCall.Dense(w, null, g, x);
            var gradOutput = randn_like(y);
            double forward;
            using (no_grad())
                forward = Fastest(repeat, () => Conv2dCall.Dense(w, null, g, x));
            var wg = w.requires_grad_(true);
            var xg = x.detach().requires_grad_(container.InputRoute is not null);
            Tensor recorded;
            using (enable_grad())
                recorded = Conv2dCall.Dense(wg, null, g, xg);
            double backward = Fastest(repeat, () =>
            {
                recorded.backward([gradOutput], retain_graph: true);
                wg.grad = null;
                xg.grad = null;
                return gradOutput;
            });
            if (spikes)
            {
                Add(DenseForward, forward);
                Add(DenseBackward, backward);
                Add(SpikeForward, Fastest(repeat, () => SpikeConvolutionKernel.Forward(x, w, g)));
                Add(
                    SpikeWeightGradient,
                    Fastest(repeat, () => SpikeConvolutionKernel.WeightGradient(x, gradOutput, w.shape, g))
                );
                Add(InputGradient, Fastest(repeat, () => Conv2dCall.InputGradient(gradOutput, w, g, x.shape)));
            }
            else
            {
                Add(OtherConvolutions, forward + backward);
            }
            var norm = container.Layers[1];
            var normInput = y.detach().requires_grad_(true);
            Add(BatchNorm, Fastest(repeat, () =>
                {
                    norm.call(normInput).backward([gradOutput]);
                    normInput.grad = null;
                    return gradOutput;
                }));
            norm.zero_grad();
        }
        foreach (var (neuron, input) in neurons)
        {
            using var scope = NewDisposeScope();
            var x = input.detach().requires_grad_(true);
            var gradSpikes = randn_like(x);
            Add(Neurons, Fastest(repeat, () =>
                {
                    neuron.call(x).backward([gradSpikes]);
                    x.grad = null;
                    return gradSpikes;
                }));
            neuron.zero_grad();
        }
        model.zero_grad();

        Line(
            $"per-operation profile of the training step (each operation alone on the step's own inputs, fastest of "
                + $"{repeat} runs; seconds per step):"
        );
        foreach (var (kind, s) in seconds)
            Line($"  {kind, -78} {s, 7:F3} s");
        double Sum(params string[] kinds) => kinds.Sum(k => seconds.GetValueOrDefault(k));
        Line(
            $"  spike-input convolutions, dense: {Sum(DenseForward, DenseBackward):F3} s; with the spike kernel: "
                + $"{Sum(SpikeForward, SpikeWeightGradient, InputGradient):F3} s; everything else above: "
                + $"{Sum(OtherConvolutions, BatchNorm, Neurons):F3} s"
        );

        void Line(InvariantText text) => output.WriteLine(text.ToString());
    }

    private static double Fastest(int repeat, Func<Tensor> run) => KernelTiming.Fastest(repeat, run);
}
