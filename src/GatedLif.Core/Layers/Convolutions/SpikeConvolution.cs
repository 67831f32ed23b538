using GatedLif.Kernels;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Layers.Convolutions;

/// <summary>
/// A bias-free 2-D convolution as one autograd node whose weight gradient comes from the input's non-zeros
/// (<see cref="SpikeConvolutionKernel"/>), and whose forward does too under <see cref="ConvolutionPlan.Spike"/>
/// (dense through <see cref="Conv2dCall"/> under <see cref="ConvolutionPlan.SpikeWeightGradient"/>). The input
/// gradient is dense, through the same route as <see cref="Conv2dCall"/>'s convolutions. It saves the input and
/// the weight, as libtorch's convolution does.
/// </summary>
internal sealed class SpikeConvolution : autograd.SingleTensorFunction<SpikeConvolution>
{
    private const string GeometryKey = "geometry",
        InputGradientKey = "input gradient",
        WeightGradientKey = "weight gradient";

    public override string Name => nameof(SpikeConvolution);

    public static Tensor Run(Tensor input, Tensor weight, ConvolutionGeometry g, ConvolutionPlan plan)
    {
        if (plan == ConvolutionPlan.Dense)
            throw new ArgumentException("a dense plan runs through Conv2dCall", nameof(plan));
        bool tracked = is_grad_enabled() && (input.requires_grad || weight.requires_grad);
        return tracked ? CustomFunctionOutputs.Release(apply(input, weight, g, plan)) : Forward(input, weight, g, plan);
    }

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var input = (Tensor)vars[0];
        var weight = (Tensor)vars[1];
        var g = (ConvolutionGeometry)vars[2];
        ctx.save_for_backward([input, weight]);
        ctx.save_data(GeometryKey, g);
        ctx.save_data(InputGradientKey, input.requires_grad);
        ctx.save_data(WeightGradientKey, weight.requires_grad);
        CustomFunctionOutputs.Track(ctx);
        return Forward(input, weight, g, (ConvolutionPlan)vars[3]);
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
    {
        var saved = ctx.get_saved_variables();
        try
        {
            var (input, weight) = (saved[0], saved[1]);
            var g = (ConvolutionGeometry)ctx.get_data(GeometryKey);
            var inputGradient = (bool)ctx.get_data(InputGradientKey)
                ? Conv2dCall.InputGradient(grad_output, weight, g, input.shape)
                : null;
            var weightGradient = (bool)ctx.get_data(WeightGradientKey)
                ? SpikeConvolutionKernel.WeightGradient(input, grad_output, weight.shape, g)
                : null;
            return [inputGradient!, weightGradient!, null!, null!];
        }
        finally
        {
            foreach (var t in saved)
                t.Dispose();
        }
    }

    private static Tensor Forward(Tensor input, Tensor weight, ConvolutionGeometry g, ConvolutionPlan plan) =>
        plan == ConvolutionPlan.Spike
            ? SpikeConvolutionKernel.Forward(input, weight, g)
            : Conv2dCall.Dense(weight, null, g, input);
}
