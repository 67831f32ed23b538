namespace GatedLif.Data.Datasets;

/// <summary>
/// Reads the binary layout: fixed-size records of label byte(s) followed by 3072 image bytes.
/// CIFAR-10 records hold one label byte; CIFAR-100 records hold the coarse then the fine label, and the fine one is
/// used.
/// </summary>
internal static class CifarBinaryFileReader
{
    public static CifarFileData Read(string path, CifarVariant variant)
    {
        int labelBytes = variant == CifarVariant.Cifar100 ? 2 : 1;
        int recordBytes = labelBytes + CifarImageFormat.ImageBytes;
        byte[] file = CifarFileData.ReadBytes(path);
        if (file.Length % recordBytes != 0)
        {
            string labels = labelBytes == 1 ? "1 label byte" : "coarse and fine label bytes";
            throw new DatasetException(
                $"'{path}': size {file.Length} bytes is not a multiple of the {recordBytes}-byte record "
                    + $"({labels} + {CifarImageFormat.ImageBytes} image bytes); the file is truncated or not "
                    + $"{variant.DisplayName()} binary data."
            );
        }

        int count = file.Length / recordBytes;
        var images = new byte[count * CifarImageFormat.ImageBytes];
        var labelValues = new int[count];
        for (int i = 0; i < count; i++)
        {
            var record = file.AsSpan(i * recordBytes, recordBytes);
            labelValues[i] = record[labelBytes - 1];
            record[labelBytes..].CopyTo(images.AsSpan(i * CifarImageFormat.ImageBytes));
        }

        return new CifarFileData(images, labelValues).Validated(path, variant);
    }
}
