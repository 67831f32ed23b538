using GatedLif.Data.Datasets;
using GatedLif.Data.Transforms;

namespace GatedLif.Tests.Data.Transforms;

public sealed class CifarNormalizationTests
{
    private static int Bits(float value) => BitConverter.SingleToInt32Bits(value);

    [Fact]
    public void Matches_float32_arithmetic_done_by_hand()
    {
        var normalization = CifarNormalization.For(CifarVariant.Cifar10);

        // ToTensor divides in float32, Normalize subtracts and divides by float32 mean and std.
        float expected = (128 / 255f - (float)0.4914) / (float)0.247;
        Assert.Equal(Bits(expected), Bits(normalization.Normalize(0, 128)));
    }

    [Theory]
    // Values torch 1.13 gives for x.float().div(255).sub(mean).div(std) on the same bytes, printed as doubles.
    [InlineData(CifarVariant.Cifar10, 0, 128, 0.04275631904602051)]
    [InlineData(CifarVariant.Cifar10, 1, 0, -1.9843621253967285)]
    [InlineData(CifarVariant.Cifar10, 2, 255, 2.120689630508423)]
    [InlineData(CifarVariant.Cifar10, 0, 37, -1.4020322561264038)]
    [InlineData(CifarVariant.Cifar100, 0, 128, -0.019061380997300148)]
    [InlineData(CifarVariant.Cifar100, 1, 255, 2.0015289783477783)]
    [InlineData(CifarVariant.Cifar100, 2, 37, -1.071022629737854)]
    public void MatchesTorchBitForBit(CifarVariant variant, int channel, byte value, double torchResult)
    {
        Assert.Equal(Bits((float)torchResult), Bits(CifarNormalization.For(variant).Normalize(channel, value)));
    }

    [Fact]
    public void CIFAR100_statistics_are_divided_in_double_then_rounded()
    {
        var normalization = CifarNormalization.Cifar100;

        // float32 bit patterns of torch.as_tensor([129.3/255, 124.1/255, 112.4/255]) and of the std list.
        Assert.Equal([0x3f01ce9b, 0x3ef92c60, 0x3ee1ae7b], normalization.Mean.Select(Bits));
        Assert.Equal([0x3e88ef56, 0x3e83501d, 0x3e8d5a27], normalization.Std.Select(Bits));
    }

    [Fact]
    public void Apply_normalises_each_plane_with_its_channel()
    {
        var image = new byte[CifarImageFormat.ImageBytes];
        image[5] = 10;
        image[CifarImageFormat.PlaneBytes + 5] = 20;
        image[2 * CifarImageFormat.PlaneBytes + 5] = 30;
        var result = new float[CifarImageFormat.ImageBytes];

        CifarNormalization.Cifar10.Apply(image, result);

        Assert.Equal(Bits(CifarNormalization.Cifar10.Normalize(0, 10)), Bits(result[5]));
        Assert.Equal(Bits(CifarNormalization.Cifar10.Normalize(1, 20)), Bits(result[CifarImageFormat.PlaneBytes + 5]));
        Assert.Equal(
            Bits(CifarNormalization.Cifar10.Normalize(2, 30)),
            Bits(result[2 * CifarImageFormat.PlaneBytes + 5])
        );
        Assert.Equal(Bits(CifarNormalization.Cifar10.Normalize(2, 0)), Bits(result[^1]));
    }
}
