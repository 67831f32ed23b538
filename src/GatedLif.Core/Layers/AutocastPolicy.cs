using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Layers;

/// <summary>
/// torch.cuda.amp's autocast policy (aten/src/ATen/autocast_mode.h) for the operations these networks call, so that
/// --amp computes what the reference computes under it: convolutions and linear layers in float16 and handing on
/// float16 activations; BatchNorm2d in the dtype it is given (on no list; cuDNN takes float16 input with float32
/// weights); cross-entropy, log-softmax, softmax and sum in float32. The reference's own modules widen by type
/// promotion: its tdBatchNorm multiplies by its float32 weight, and its GLIF neurons keep their membrane in
/// float32 tensors, so both hand on float32.
/// </summary>
internal static class AutocastPolicy
{
    public static AutocastCast Of(AutocastOperation operation) =>
        operation switch
        {
            AutocastOperation.Convolution or AutocastOperation.Linear => AutocastCast.LowPrecision,
            AutocastOperation.BatchNorm => AutocastCast.InputDtype,
            AutocastOperation.ThresholdDependentBatchNorm
            or AutocastOperation.GatedNeuron
            or AutocastOperation.CrossEntropy
            or AutocastOperation.LogSoftmax
            or AutocastOperation.Softmax
            or AutocastOperation.Sum => AutocastCast.Float32,
            _ => throw new ArgumentOutOfRangeException(
                nameof(operation),
                operation,
                "not an operation of these networks"
            ),
        };

    /// <summary>The dtype <paramref name="operation"/> computes in for an input of <paramref name="input"/>: inside
    /// a region of <paramref name="lowPrecision"/> by the policy, outside one (null) the input's.</summary>
    public static ScalarType ComputeDtype(AutocastOperation operation, ScalarType input, ScalarType? lowPrecision)
    {
        if (lowPrecision is not { } low || !IsFloatingPoint(input))
            return input;
        return Of(operation) switch
        {
            AutocastCast.LowPrecision => low,
            // Autocast widens low-precision input only: float64 stays float64, as in PyTorch.
            AutocastCast.Float32 => IsLowPrecision(input) ? ScalarType.Float32 : input,
            _ => input,
        };
    }

    /// <summary>The input as <paramref name="operation"/> computes on it in the current region (itself where no cast
    /// is due; a new tensor, autograd's cast, otherwise).</summary>
    public static Tensor CastFor(AutocastOperation operation, Tensor input)
    {
        var dtype = ComputeDtype(operation, input.dtype, Autocast.LowPrecision);
        return dtype == input.dtype ? input : input.to_type(dtype);
    }

    public static bool IsLowPrecision(ScalarType dtype) => dtype is ScalarType.Float16 or ScalarType.BFloat16;

    private static bool IsFloatingPoint(ScalarType dtype) =>
        dtype is ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Float32 or ScalarType.Float64;
}
