namespace GatedLif.Data.Datasets;

/// <summary>
/// A Fashion-MNIST image (28x28 grey bytes) and how the reference's demo data turned it into a CIFAR image:
/// zero-padded by 2 pixels on every side to 32x32, the grey plane copied to the red, green and blue planes.
/// </summary>
internal static class FashionMnistImage
{
    public const int Side = 28;
    public const int Bytes = Side * Side;

    /// <summary>Padding on each side that brings <see cref="Side"/> up to <see
    /// cref="CifarImageFormat.Side"/>.</summary>
    public const int Margin = (CifarImageFormat.Side - Side) / 2;

    /// <summary>Writes <paramref name="grey"/> (<see cref="Bytes"/> bytes) as one CIFAR image into <paramref
    /// name="cifar"/>, which must be zeroed.</summary>
    public static void WriteAsCifar(ReadOnlySpan<byte> grey, Span<byte> cifar)
    {
        var red = cifar[..CifarImageFormat.PlaneBytes];
        for (int row = 0; row < Side; row++)
        {
            grey.Slice(row * Side, Side).CopyTo(red[((row + Margin) * CifarImageFormat.Side + Margin)..]);
        }

        for (int channel = 1; channel < CifarImageFormat.Channels; channel++)
        {
            red.CopyTo(cifar[(channel * CifarImageFormat.PlaneBytes)..]);
        }
    }
}
