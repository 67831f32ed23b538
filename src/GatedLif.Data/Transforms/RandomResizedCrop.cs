using GatedLif.Data.Datasets;
using static TorchSharp.torch;

namespace GatedLif.Data.Transforms;

/// <summary>
/// torchvision's <c>RandomResizedCrop(size, scale, ratio)</c> with Pillow bilinear: up to 10 tries at a window of a
/// random area fraction in <c>scale</c> and a log-uniform aspect ratio in <c>ratio</c>; if none fits, the whole
/// image clamped to the ratio range, centred. The window is then resized to size x size.
/// </summary>
public sealed class RandomResizedCrop(
    int size,
    double minScale = 0.2,
    double maxScale = 1.0,
    double minRatio = 3.0 / 4.0,
    double maxRatio = 4.0 / 3.0
)
{
    public const int Attempts = 10;

    public int Size { get; } = size;

    /// <summary>The window of <paramref name="image"/> resized to Size x Size.</summary>
    public RgbImage Resize(RgbImage image, (int Left, int Top, int Width, int Height) window) =>
        PillowBilinearResize.Resize(image.Crop(window.Left, window.Top, window.Width, window.Height), Size, Size);

    /// <summary>torchvision's get_params: the crop window (left, top, width, height).</summary>
    public (int Left, int Top, int Width, int Height) Window(int width, int height, IRandomSource random)
    {
        double area = (double)width * height;
        // torchvision takes log(ratio) and exp(log-ratio draw) of float32 tensors: libtorch's float32 functions.
        double logMin = Float32(log, (float)minRatio),
            logMax = Float32(log, (float)maxRatio);
        for (int attempt = 0; attempt < Attempts; attempt++)
        {
            double targetArea = area * random.NextUniform(minScale, maxScale);
            double aspect = Float32(exp, (float)random.NextUniform(logMin, logMax));
            int w = (int)Math.Round(Math.Sqrt(targetArea * aspect), MidpointRounding.ToEven);
            int h = (int)Math.Round(Math.Sqrt(targetArea / aspect), MidpointRounding.ToEven);
            if (w > 0 && w <= width && h > 0 && h <= height)
            {
                int top = random.NextInt(height - h + 1);
                int left = random.NextInt(width - w + 1);
                return (left, top, w, h);
            }
        }

        double inRatio = (double)width / height;
        int cw = width,
            ch = height;
        if (inRatio < minRatio)
            ch = (int)Math.Round(cw / minRatio, MidpointRounding.ToEven);
        else if (inRatio > maxRatio)
            cw = (int)Math.Round(ch * maxRatio, MidpointRounding.ToEven);
        return ((width - cw) / 2, (height - ch) / 2, cw, ch);
    }

    private static double Float32(Func<Tensor, Tensor> function, float value)
    {
        using var input = tensor(value);
        using var output = function(input);
        return output.item<float>();
    }
}
