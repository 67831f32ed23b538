using System.Collections;
using System.IO.Compression;
using System.Runtime.InteropServices;
using GatedLif.Pickling;
using Razorvine.Pickle;
using static TorchSharp.torch;

namespace GatedLif.Checkpoints;

/// <summary>
/// Reads files written by PyTorch's torch.save (the zip format, torch &gt;= 1.6).
/// </summary>
public static class TorchCheckpointReader
{
    public const string StateDictKey = "state_dict";

    /// <summary>Where either training script keeps the model: train.py under 'state_dict', cifar10dvs/train.py under
    /// 'net'.</summary>
    public static readonly IReadOnlyList<string> AnyScriptModelKeys = [StateDictKey, "net"];

    /// <summary>
    /// Reads <paramref name="path"/>. The top level may be <c>{'state_dict': {...}, ...}</c> or a bare state dict;
    /// <paramref name="stateDictKey"/> names the model's entry where a script saves it under another key
    /// (cifar10dvs/train.py: <c>'net'</c>).
    /// </summary>
    /// <exception cref="CheckpointException">The file is missing, in the legacy format, not a torch.save archive, or
    /// corrupt.</exception>
    public static Checkpoint Read(string path, string stateDictKey = StateDictKey) => Read(path, [stateDictKey]);

    /// <summary>Reads <paramref name="path"/>, taking the model from the first of <paramref name="stateDictKeys"/>
    /// it holds (for tools that read checkpoints of either training script).</summary>
    public static Checkpoint Read(string path, IReadOnlyList<string> stateDictKeys)
    {
        if (Directory.Exists(path))
            throw new CheckpointException($"'{path}' is a folder, not a checkpoint file: name one of the files in it.");
        if (!File.Exists(path))
            throw new CheckpointException($"Checkpoint file '{path}' does not exist.");

        try
        {
            using var stream = File.OpenRead(path);
            CheckSignature(stream, path);
            stream.Seek(0, SeekOrigin.Begin);
            using var archive = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            var root = Unpickle(archive, path);
            try
            {
                return Interpret(root, path, stateDictKeys);
            }
            catch
            {
                foreach (
                    var tensor in Checkpoint.TensorsIn(root).Distinct(ReferenceEqualityComparer.Instance).Cast<Tensor>()
                )
                    tensor.Dispose();
                throw;
            }
        }
        catch (CheckpointException)
        {
            throw;
        }
        catch (CheckpointContentException e)
        {
            throw new CheckpointException($"Checkpoint '{path}' cannot be read: {e.Message}.", e);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            throw new CheckpointException($"Checkpoint '{path}' is corrupt or truncated: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new CheckpointException($"Could not read checkpoint '{path}': {e.Message}", e);
        }
        catch (Exception e)
            when (e
                    is PickleException
                        or InvalidCastException
                        or ArgumentException
                        or IndexOutOfRangeException
                        or InvalidOperationException
                        or KeyNotFoundException
                        or FormatException
                        or OverflowException
                        or NullReferenceException
                        or System.Reflection.TargetInvocationException
                        or ExternalException
            )
        {
            // The screen leaves little for the unpickler to trip over; what remains is said in our words, not its.
            throw new CheckpointException(
                $"Checkpoint '{path}' is not a well-formed torch.save file: its pickle could not be rebuilt.",
                e
            );
        }
    }

    private static object? Unpickle(ZipArchive archive, string path)
    {
        var entries = new Dictionary<string, ZipArchiveEntry>(StringComparer.Ordinal);
        foreach (var entry in archive.Entries)
        {
            if (!entries.TryAdd(entry.FullName, entry))
                throw new CheckpointException(
                    $"Checkpoint '{path}' holds two entries named '{entry.FullName}', so which one "
                        + $"torch.save wrote is unknown."
                );
        }
        var pickles = entries.Values.Where(e => e.Name == "data.pkl").ToList();
        if (pickles.Count == 0)
            throw new CheckpointException(
                $"Checkpoint '{path}' is a zip archive without a data.pkl entry, so torch.save did not write it."
            );
        if (pickles.Count > 1)
            throw new CheckpointException(
                $"Checkpoint '{path}' holds {pickles.Count} data.pkl entries "
                    + $"({string.Join(", ", pickles.Select(e => e.FullName))}); torch.save writes one."
            );
        var pickle = pickles[0];
        string prefix = pickle.FullName[..^pickle.Name.Length];

        byte[] bytes = PickleBytes(pickle, path);
        if (PickleScreen.Refusal(bytes, CheckpointGlobals.Allowed) is { } refusal)
            throw new CheckpointException($"Checkpoint '{path}' is refused: {refusal}.");
        // Everything made while unpickling is freed unless it ends up in the result, so a refused file leaks nothing;
        // the storages' own handles go too, their memory kept alive by the tensors that view them.
        using var scope = NewDisposeScope();
        object? root = new CheckpointUnpickler(entries, prefix).loads(bytes);
        if (PickleNesting.Refusal(root) is { } nesting)
            throw new CheckpointException($"Checkpoint '{path}' is refused: {nesting}.");
        scope.MoveToOuter(Checkpoint.TensorsIn(root).Distinct(ReferenceEqualityComparer.Instance).Cast<Tensor>());
        return root;
    }

    /// <summary>data.pkl's bytes, read as they arrive so that a size the archive claims cannot reserve memory by
    /// itself.</summary>
    private static byte[] PickleBytes(ZipArchiveEntry pickle, string path)
    {
        if (pickle.Length > MaxPickleBytes)
            throw new CheckpointException(
                $"Checkpoint '{path}': its data.pkl claims {pickle.Length} bytes, more than the {MaxPickleBytes} a "
                    + $"state dict's pickle could need."
            );
        using var input = pickle.Open();
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        for (int read; (read = input.Read(chunk)) > 0; )
        {
            if (buffer.Length + read > MaxPickleBytes)
                throw new CheckpointException(
                    $"Checkpoint '{path}': its data.pkl inflates past {MaxPickleBytes} bytes, more than a state "
                        + $"dict's pickle could need."
                );
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>The pickle holds only names and sizes (the tensors' bytes are separate entries): kilobytes for a
    /// ResNet.</summary>
    private const long MaxPickleBytes = 256L << 20;

    private static void CheckSignature(FileStream stream, string path)
    {
        Span<byte> signature = stackalloc byte[4];
        if (stream.ReadAtLeast(signature, signature.Length, throwOnEndOfStream: false) < signature.Length)
            throw new CheckpointException($"Checkpoint '{path}' is empty or truncated ({stream.Length} bytes).");

        // Pickle protocol 2 opens with PROTO 0x80 0x02; the legacy torch.save format is a bare pickle stream.
        if (signature[0] == 0x80)
            throw new CheckpointException(
                $"Checkpoint '{path}' was written in the legacy (pre-1.6) torch.save format, which "
                    + $"cannot be read here. "
                    + "Re-save it with torch>=1.6 in the default zip format, e.g. torch.save(torch.load(p, "
                    + "map_location='cpu'), p)."
            );

        if (signature[0] != 'P' || signature[1] != 'K' || signature[2] != 3 || signature[3] != 4)
            throw new CheckpointException($"Checkpoint '{path}' is not a torch.save file (it is not a zip archive).");
    }

    private static Checkpoint Interpret(object? root, string path, IReadOnlyList<string> stateDictKeys)
    {
        if (root is not IDictionary topLevel)
            throw new CheckpointException(
                $"Checkpoint '{path}' holds a pickled {PythonType.Of(root)} at its top level, not a dict."
            );
        var entries = new Dictionary<string, object?>();
        foreach (DictionaryEntry entry in topLevel)
        {
            if (entry.Key is not string key)
                throw new CheckpointException(
                    $"Checkpoint '{path}' has a top-level key of type {PythonType.Of(entry.Key)}; only string keys "
                        + $"are supported."
                );
            entries[key] = entry.Value;
        }

        foreach (var stateDictKey in stateDictKeys)
        {
            if (!entries.Remove(stateDictKey, out var nested))
                continue;
            if (nested is not IDictionary stateDict)
                throw new CheckpointException(
                    $"Checkpoint '{path}' has a '{stateDictKey}' entry that is not a dictionary "
                        + $"({PythonType.Of(nested)})."
                );
            return new Checkpoint(path, ToTensorDictionary(stateDict, path, $"{stateDictKey}."), entries);
        }

        if (entries.Values.All(v => v is Tensor))
            return new Checkpoint(path, ToTensorDictionary(topLevel, path, ""), new Dictionary<string, object?>());

        throw new CheckpointException(
            $"Checkpoint '{path}' has no {string.Join(" or ", stateDictKeys.Select(k => $"'{k}'"))} entry and is not "
                + $"a bare state dict; its top-level keys are: "
                + $"{string.Join(", ", entries.Keys.Order(StringComparer.Ordinal))}."
        );
    }

    private static Dictionary<string, Tensor> ToTensorDictionary(IDictionary source, string path, string prefix)
    {
        var result = new Dictionary<string, Tensor>(source.Count);
        foreach (DictionaryEntry entry in source)
        {
            if (entry.Key is not string key || entry.Value is not Tensor tensor)
                throw new CheckpointException(
                    $"Checkpoint '{path}' has a state dict entry '{prefix}{entry.Key}' that is not a string-keyed "
                        + $"tensor ({PythonType.Of(entry.Value)})."
                );
            result[key] = tensor;
        }
        return result;
    }
}
