using System.IO.Compression;
using System.Numerics;
using GatedLif.Checkpoints;
using GatedLif.Tests.Data.Datasets;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Core.Checkpoints;

/// <summary>torch.save archives put together by hand (<c>archive/data.pkl</c> plus <c>archive/data/&lt;key&gt;</c>
/// storages), to say exactly what a hostile file holds.</summary>
internal static class CraftedCheckpoint
{
    /// <summary>A zip of <paramref name="pickle"/> as data.pkl and the storages, stored uncompressed as torch.save does
    /// unless <paramref name="compress"/>.</summary>
    public static byte[] Zip(
        byte[] pickle,
        IEnumerable<(string Key, byte[] Bytes)>? storages = null,
        bool compress = false
    )
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, "archive/data.pkl", pickle, CompressionLevel.NoCompression);
            foreach (var (key, bytes) in storages ?? [])
                Add(
                    zip,
                    $"archive/data/{key}",
                    bytes,
                    compress ? CompressionLevel.Optimal : CompressionLevel.NoCompression
                );
        }
        return buffer.ToArray();
    }

    /// <summary>Reads <paramref name="file"/> as a checkpoint, which must fail with one error of ours that names the
    /// file and no .NET type.</summary>
    public static CheckpointException ReadFails(byte[] file, out string path)
    {
        using var dir = new TempFolder();
        path = dir.File("hostile.pth.tar");
        File.WriteAllBytes(path, file);
        string named = path;
        var error = Assert.Throws<CheckpointException>(() => TorchCheckpointReader.Read(named));
        Assert.Contains(path, error.Message);
        Assert.DoesNotContain("System.", error.Message);
        return error;
    }

    private static void Add(ZipArchive zip, string name, byte[] bytes, CompressionLevel level)
    {
        using var stream = zip.CreateEntry(name, level).Open();
        stream.Write(bytes);
    }

    /// <summary>
    /// <c>{'w': _rebuild_tensor_v2(storage('0', FloatStorage, numel), offset, size, stride, False, {})}</c>, the
    /// pickle torch.save writes for one float tensor.
    /// </summary>
    public static byte[] OneTensor(
        BigInteger numel,
        BigInteger offset,
        BigInteger[] size,
        BigInteger[] stride,
        string storageType = "FloatStorage"
    )
    {
        var p = new PickleBuilder().Proto2().Op('}').Unicode("w");
        p.Global("torch._utils", "_rebuild_tensor_v2").Op('(');
        p.Op('(')
            .Unicode("storage")
            .Global("torch", storageType)
            .Unicode("0")
            .Unicode("cpu")
            .Long(numel)
            .Op('t')
            .Op('Q');
        p.Long(offset);
        Tuple(p, size);
        Tuple(p, stride);
        p.Op(0x89).Op('}').Op('t').Op('R');
        return p.Op('s').Op('.').ToArray();
    }

    private static void Tuple(PickleBuilder p, BigInteger[] values)
    {
        p.Op('(');
        foreach (var v in values)
            p.Long(v);
        p.Op('t');
    }
}
