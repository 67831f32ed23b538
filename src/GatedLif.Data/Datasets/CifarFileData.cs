namespace GatedLif.Data.Datasets;

/// <summary>The images and labels read from one CIFAR file, before files of a split are concatenated.</summary>
internal readonly record struct CifarFileData(byte[] Images, int[] Labels)
{
    public int Count => Labels.Length;

    /// <summary>A file's bytes, with an I/O failure reported as a <see cref="DatasetException"/> naming the
    /// file.</summary>
    public static byte[] ReadBytes(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException($"Could not read '{path}': {e.Message}", e);
        }
    }

    /// <summary>Checks what both layouts must satisfy; <paramref name="path"/> names the file in the message.</summary>
    public CifarFileData Validated(string path, CifarVariant variant)
    {
        if (Count == 0)
        {
            throw new DatasetException($"'{path}' holds no images.");
        }

        int classCount = variant.ClassCount();
        for (int i = 0; i < Labels.Length; i++)
        {
            if ((uint)Labels[i] >= (uint)classCount)
            {
                throw new DatasetException(
                    $"'{path}': label {Labels[i]} of image {i} is outside 0..{classCount - 1} "
                        + $"({variant.DisplayName()})."
                );
            }
        }

        return this;
    }
}
