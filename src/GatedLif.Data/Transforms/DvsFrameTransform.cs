using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Data.Transforms;

/// <summary>
/// cifar10dvs/train.py's <c>--dsr_da</c> transforms on one sample [T, 2, H, W]: <c>Resize([48, 48])</c>
/// (torchvision on a tensor: bilinear, align_corners false, no antialias) and, for training,
/// <c>RandomCrop(48, padding=4)</c> (zero padding, one offset for every frame). The reference resizes
/// SpikingJelly's float64 frames before the batch is cast to float32, so the resize runs in float64 here too.
/// </summary>
public sealed class DvsFrameTransform(int? resizeTo, int cropPadding = 0)
{
    public const int DsrSize = 48;
    public const int DsrPadding = 4;

    public bool Crops => cropPadding > 0;

    /// <summary>Draws the crop offsets (top, left) of one sample; the range is 0 .. 2 * padding.</summary>
    public (int Top, int Left) DrawCrop(IRandomSource random) =>
        Crops ? (random.NextInt(2 * cropPadding + 1), random.NextInt(2 * cropPadding + 1)) : (0, 0);

    /// <summary>Transforms float64 frames [T, 2, H, W] into float32 frames.</summary>
    public Tensor Apply(Tensor frames, (int Top, int Left) crop)
    {
        using var scope = NewDisposeScope();
        var x = frames;
        if (resizeTo is int side)
            x = Resize(x, side);
        if (Crops)
        {
            long h = x.shape[^2],
                w = x.shape[^1];
            var padded = nn.functional.pad(x, [cropPadding, cropPadding, cropPadding, cropPadding]);
            x = padded.narrow(-2, crop.Top, h).narrow(-1, crop.Left, w);
        }
        return x.to_type(float32).contiguous().MoveToOuterDisposeScope();
    }

    /// <summary><c>F.interpolate(x, size, mode='bilinear', align_corners=False)</c> over the last two
    /// dimensions.</summary>
    public static Tensor Resize(Tensor frames, int side) =>
        nn.functional.interpolate(frames, [side, side], mode: InterpolationMode.Bilinear, align_corners: false);
}
