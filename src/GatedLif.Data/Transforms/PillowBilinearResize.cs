using GatedLif.Data.Datasets;

namespace GatedLif.Data.Transforms;

/// <summary>
/// Pillow's <c>Image.resize(size, BILINEAR)</c> on an RGB image, byte for byte (Pillow 9's ImagingResample):
/// a triangle filter whose support grows with the scale when shrinking (so downscaling averages, i.e. antialiases),
/// weights normalised per output pixel and turned into 22-bit fixed point, two separable passes (horizontal, then
/// vertical) each rounding to uint8. Written by hand because no .NET imaging library reproduces Pillow's numbers,
/// and evaluation must see the reference's pixels.
/// </summary>
public static class PillowBilinearResize
{
    private const int PrecisionBits = 32 - 8 - 2;
    private const double Support = 1.0;

    public static RgbImage Resize(RgbImage image, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (width == image.Width && height == image.Height)
            return image;

        var vertical = Coefficients.For(image.Height, height);
        var source = image;
        if (width != image.Width)
        {
            // Only the source rows the vertical pass reads are resampled horizontally.
            int first = vertical.Bounds[0];
            int last = vertical.Bounds[2 * (height - 1)] + vertical.Bounds[2 * (height - 1) + 1];
            source = Horizontal(image, Coefficients.For(image.Width, width), first, last - first);
            for (int i = 0; i < height; i++)
                vertical.Bounds[2 * i] -= first;
        }
        return height != image.Height ? Vertical(source, vertical, height) : source;
    }

    private static RgbImage Horizontal(RgbImage input, Coefficients c, int firstRow, int rows)
    {
        int outWidth = c.OutSize;
        var output = new RgbImage(outWidth, rows);
        var inPixels = input.Pixels;
        var outPixels = output.Pixels;
        for (int y = 0; y < rows; y++)
        {
            int inRow = (firstRow + y) * input.Width * 3;
            int outRow = y * outWidth * 3;
            for (int x = 0; x < outWidth; x++)
            {
                int min = c.Bounds[2 * x],
                    count = c.Bounds[2 * x + 1],
                    k = x * c.KernelSize;
                int r = 1 << (PrecisionBits - 1),
                    g = r,
                    b = r;
                for (int i = 0; i < count; i++)
                {
                    int p = inRow + (min + i) * 3,
                        w = c.Weights[k + i];
                    r += inPixels[p] * w;
                    g += inPixels[p + 1] * w;
                    b += inPixels[p + 2] * w;
                }
                int o = outRow + x * 3;
                outPixels[o] = Clip8(r);
                outPixels[o + 1] = Clip8(g);
                outPixels[o + 2] = Clip8(b);
            }
        }
        return output;
    }

    private static RgbImage Vertical(RgbImage input, Coefficients c, int outHeight)
    {
        int width = input.Width,
            stride = width * 3;
        var output = new RgbImage(width, outHeight);
        var inPixels = input.Pixels;
        var outPixels = output.Pixels;
        for (int y = 0; y < outHeight; y++)
        {
            int min = c.Bounds[2 * y],
                count = c.Bounds[2 * y + 1],
                k = y * c.KernelSize;
            int outRow = y * stride;
            for (int v = 0; v < stride; v++)
            {
                int sum = 1 << (PrecisionBits - 1);
                for (int i = 0; i < count; i++)
                    sum += inPixels[(min + i) * stride + v] * c.Weights[k + i];
                outPixels[outRow + v] = Clip8(sum);
            }
        }
        return output;
    }

    private static byte Clip8(int value) =>
        value >= (1 << PrecisionBits << 8) ? (byte)255
        : value <= 0 ? (byte)0
        : (byte)(value >> PrecisionBits);

    /// <summary>Pillow's precompute_coeffs and normalize_coeffs_8bpc for one axis.</summary>
    private sealed class Coefficients
    {
        public required int OutSize { get; init; }
        public required int KernelSize { get; init; }

        /// <summary>Per output pixel: first source index and number of source pixels.</summary>
        public required int[] Bounds { get; init; }
        public required int[] Weights { get; init; }

        public static Coefficients For(int inSize, int outSize)
        {
            double scale = (double)inSize / outSize;
            double filterScale = Math.Max(scale, 1.0);
            double support = Support * filterScale;
            int kernelSize = (int)Math.Ceiling(support) * 2 + 1;
            var bounds = new int[outSize * 2];
            var weights = new int[outSize * kernelSize];
            var k = new double[kernelSize];
            for (int xx = 0; xx < outSize; xx++)
            {
                double center = (xx + 0.5) * scale;
                double ww = 0.0,
                    ss = 1.0 / filterScale;
                int xmin = (int)(center - support + 0.5);
                if (xmin < 0)
                    xmin = 0;
                int xmax = (int)(center + support + 0.5);
                if (xmax > inSize)
                    xmax = inSize;
                xmax -= xmin;
                for (int x = 0; x < xmax; x++)
                {
                    double w = Triangle((x + xmin - center + 0.5) * ss);
                    k[x] = w;
                    ww += w;
                }
                for (int x = 0; x < xmax; x++)
                {
                    double normalised = ww != 0.0 ? k[x] / ww : k[x];
                    weights[xx * kernelSize + x] =
                        normalised < 0
                            ? (int)(-0.5 + normalised * (1 << PrecisionBits))
                            : (int)(0.5 + normalised * (1 << PrecisionBits));
                }
                bounds[2 * xx] = xmin;
                bounds[2 * xx + 1] = xmax;
            }
            return new Coefficients
            {
                OutSize = outSize,
                KernelSize = kernelSize,
                Bounds = bounds,
                Weights = weights,
            };
        }

        private static double Triangle(double x)
        {
            if (x < 0.0)
                x = -x;
            return x < 1.0 ? 1.0 - x : 0.0;
        }
    }
}
