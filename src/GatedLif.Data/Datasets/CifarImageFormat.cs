namespace GatedLif.Data.Datasets;

/// <summary>
/// The byte layout every CIFAR file shares: 32x32 RGB images stored channel-planar (all red, then green, then blue),
/// each plane row-major. Keeping images in this layout means a batch is already CHW for the model.
/// </summary>
public static class CifarImageFormat
{
    public const int Side = 32;
    public const int Channels = 3;
    public const int PlaneBytes = Side * Side;
    public const int ImageBytes = Channels * PlaneBytes;
}
