using System.IO.Compression;
using Razorvine.Pickle;
using Razorvine.Pickle.Objects;
using static TorchSharp.torch;

namespace GatedLif.Checkpoints;

/// <summary>
/// Unpickles a torch.save archive's <c>data.pkl</c>, loading each storage it names (<c>('storage', torch.FloatStorage,
/// key, location, numel)</c>) from the archive's <c>data/&lt;key&gt;</c> entry once. A storage's size is checked
/// against its entry before memory is taken for it, so a file cannot make the reader allocate more than its entries
/// hold.
/// </summary>
internal sealed class CheckpointUnpickler : Unpickler
{
    /// <summary>Deflate cannot inflate one byte into more than about 1032 (RFC 1951's longest match per
    /// code).</summary>
    private const long DeflateMaxRatio = 1032;

    private const int ChunkBytes = 1 << 20;

    private readonly IReadOnlyDictionary<string, ZipArchiveEntry> entries;
    private readonly string prefix;
    private readonly Dictionary<string, CheckpointStorage> storages = new(StringComparer.Ordinal);

    public CheckpointUnpickler(IReadOnlyDictionary<string, ZipArchiveEntry> entries, string prefix)
    {
        CheckpointGlobals.EnsureRegistered();
        this.entries = entries;
        this.prefix = prefix;
    }

    protected override object persistentLoad(object pid)
    {
        if (pid is not object[] { Length: 5 } tuple || tuple[0] is not "storage")
            throw new CheckpointContentException(
                "a persistent id is not a ('storage', type, key, location, size) tuple"
            );
        if (
            tuple[1] is not ClassDictConstructor { module: "torch" } type
            || !CheckpointStorageTypes.ByName.TryGetValue(type.name, out var element)
        )
            throw new CheckpointContentException("a storage has no torch storage type");
        if (tuple[2] is not string key)
            throw new CheckpointContentException("a storage's key is not a string");
        if (storages.TryGetValue(key, out var known))
            return known;
        long count = tuple[4] switch
        {
            int i when i >= 0 => i,
            long l when l >= 0 => l,
            _ => throw new CheckpointContentException(
                $"storage '{key}' has a size that is not a non-negative 64-bit integer"
            ),
        };
        var storage = new CheckpointStorage(key, Read(key, count, element.Type, element.Bytes));
        storages[key] = storage;
        return storage;
    }

    private Tensor Read(string key, long count, ScalarType type, int elementBytes)
    {
        string name = $"{prefix}data/{key}";
        if (!entries.TryGetValue(name, out var entry))
            throw new CheckpointContentException($"storage '{key}' has no entry '{name}' in the archive");
        long bytes =
            count > long.MaxValue / elementBytes
                ? throw new CheckpointContentException(
                    $"storage '{key}' declares {count} elements, more bytes than 64 bits can count"
                )
                : count * elementBytes;
        if (entry.Length < bytes)
            throw new CheckpointContentException(
                $"storage '{key}' declares {count} elements ({bytes} bytes) but its entry '{name}' holds "
                    + $"{entry.Length} bytes"
            );
        if (bytes > checked(entry.CompressedLength * DeflateMaxRatio + ChunkBytes))
            throw new CheckpointContentException(
                $"storage '{key}' declares {bytes} bytes but its entry '{name}' is {entry.CompressedLength} bytes "
                    + $"compressed, which cannot inflate to that"
            );

        var elements = empty(count, type);
        try
        {
            using var stream = entry.Open();
            // Read straight into libtorch's memory, a chunk at a time: pages are touched only as bytes arrive.
            var start = bytes == 0 ? IntPtr.Zero : TensorMemory.Address(elements);
            for (long done = 0; done < bytes; )
            {
                int wanted = (int)Math.Min(ChunkBytes, bytes - done);
                int read;
                unsafe
                {
                    read = stream.ReadAtLeast(
                        new Span<byte>((byte*)start + done, wanted),
                        wanted,
                        throwOnEndOfStream: false
                    );
                }
                done += read;
                if (read < wanted)
                    throw new CheckpointContentException(
                        $"storage '{key}' is truncated: its entry '{name}' ends after {done} of {bytes} bytes"
                    );
            }
            GC.KeepAlive(elements);
            return elements;
        }
        catch
        {
            elements.Dispose();
            throw;
        }
    }
}
