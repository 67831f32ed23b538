using GatedLif.Data.Datasets;

namespace GatedLif.Tests.Data.Datasets;

/// <summary>Small CIFAR datasets written by tests, with images whose bytes say which image they are.</summary>
internal static class CifarFixtures
{
    /// <summary>
    /// <paramref name="count"/> images where byte k of image i is (i * 7 + k) mod 256 (all bytes used, every image
    /// distinct), offset by <paramref name="seed"/> so different files differ.
    /// </summary>
    public static byte[] Images(int count, int seed = 0)
    {
        var images = new byte[count * CifarImageFormat.ImageBytes];
        for (int i = 0; i < count; i++)
        {
            for (int k = 0; k < CifarImageFormat.ImageBytes; k++)
            {
                images[i * CifarImageFormat.ImageBytes + k] = (byte)((i + seed) * 7 + k);
            }
        }

        return images;
    }

    /// <summary>Writes binary-layout records: label byte(s) then the image's 3072 bytes.</summary>
    public static string WriteBinary(
        string path,
        byte[] images,
        IReadOnlyList<int> labels,
        CifarVariant variant = CifarVariant.Cifar10
    )
    {
        using var file = File.Create(path);
        for (int i = 0; i < labels.Count; i++)
        {
            if (variant == CifarVariant.Cifar100)
            {
                file.WriteByte((byte)(labels[i] / 5)); // a coarse label, which the reader must skip
            }

            file.WriteByte((byte)labels[i]);
            file.Write(images, i * CifarImageFormat.ImageBytes, CifarImageFormat.ImageBytes);
        }

        return path;
    }
}
