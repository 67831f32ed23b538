using static TorchSharp.torch;

namespace GatedLif.Training;

/// <summary>
/// TensorFloat-32 on CUDA: libtorch, like PyTorch, lets cuDNN convolutions round their inputs to TF32 (10 mantissa
/// bits) on Ampere and later GPUs by default, and keeps cuBLAS matrix products in float32. A comparison with the CPU
/// turns both off, since a membrane within TF32's rounding of its threshold spikes on one device and not the other;
/// the GPU bench measures what TF32 is worth.
/// </summary>
public static class Tf32
{
    /// <summary>TF32 off for convolutions and matrix products until disposed, which restores the settings
    /// found.</summary>
    public static IDisposable Off() => new Setting(convolutions: false, matrixProducts: false);

    private sealed class Setting : IDisposable
    {
        private readonly bool _convolutions = backends.cudnn.allow_tf32;
        private readonly bool _matrixProducts = backends.cuda.matmul.allow_tf32;

        public Setting(bool convolutions, bool matrixProducts)
        {
            backends.cudnn.allow_tf32 = convolutions;
            backends.cuda.matmul.allow_tf32 = matrixProducts;
        }

        public void Dispose()
        {
            backends.cudnn.allow_tf32 = _convolutions;
            backends.cuda.matmul.allow_tf32 = _matrixProducts;
        }
    }
}
