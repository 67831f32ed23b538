using System.Collections;
using System.IO.Compression;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace GatedLif.Checkpoints;

/// <summary>
/// Reads files written by PyTorch's torch.save (the zip format, torch &gt;= 1.6).
/// </summary>
public static class TorchCheckpointReader
{
    public const string StateDictKey = "state_dict";

    /// <summary>Where either training script keeps the model: train.py under 'state_dict', cifar10dvs/train.py under 'net'.</summary>
    public static readonly IReadOnlyList<string> AnyScriptModelKeys = [StateDictKey, "net"];

    /// <summary>
    /// Reads <paramref name="path"/>. The top level may be <c>{'state_dict': {...}, ...}</c> or a bare state dict;
    /// <paramref name="stateDictKey"/> names the model's entry where a script saves it under another key
    /// (cifar10dvs/train.py: <c>'net'</c>).
    /// </summary>
    /// <exception cref="CheckpointException">The file is missing, in the legacy format, not a torch.save archive, or corrupt.</exception>
    public static Checkpoint Read(string path, string stateDictKey = StateDictKey) => Read(path, [stateDictKey]);

    /// <summary>Reads <paramref name="path"/>, taking the model from the first of <paramref name="stateDictKeys"/>
    /// it holds (for tools that read checkpoints of either training script).</summary>
    public static Checkpoint Read(string path, IReadOnlyList<string> stateDictKeys)
    {
        if (Directory.Exists(path))
            throw new CheckpointException($"'{path}' is a folder, not a checkpoint file: name one of the files in it.");
        if (!File.Exists(path))
            throw new CheckpointException($"Checkpoint file '{path}' does not exist.");

        Hashtable topLevel;
        try
        {
            using var stream = File.OpenRead(path);
            CheckIsTorchZip(stream, path);
            stream.Seek(0, SeekOrigin.Begin);
            topLevel = PyTorchUnpickler.UnpickleStateDict(stream, leaveOpen: true);
        }
        catch (CheckpointException)
        {
            throw;
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            throw new CheckpointException($"Checkpoint '{path}' is corrupt or truncated: {e.Message}", e);
        }
        catch (Exception e)
        {
            throw new CheckpointException($"Could not read checkpoint '{path}': {e.Message}", e);
        }

        return Interpret(topLevel, path, stateDictKeys);
    }

    // PyBridge reports a non-zip file as NotImplementedException and a zip without data.pkl as a bare
    // "Sequence contains no matching element", so both cases are recognised here first.
    private static void CheckIsTorchZip(FileStream stream, string path)
    {
        Span<byte> signature = stackalloc byte[4];
        if (stream.ReadAtLeast(signature, signature.Length, throwOnEndOfStream: false) < signature.Length)
            throw new CheckpointException($"Checkpoint '{path}' is empty or truncated ({stream.Length} bytes).");

        // Pickle protocol 2 opens with PROTO 0x80 0x02; the legacy torch.save format is a bare pickle stream.
        if (signature[0] == 0x80)
            throw new CheckpointException(
                $"Checkpoint '{path}' was written in the legacy (pre-1.6) torch.save format, which cannot be read here. " +
                "Re-save it with torch>=1.6 in the default zip format, e.g. torch.save(torch.load(p, map_location='cpu'), p).");

        if (signature[0] != 'P' || signature[1] != 'K' || signature[2] != 3 || signature[3] != 4)
            throw new CheckpointException($"Checkpoint '{path}' is not a torch.save file (it is not a zip archive).");

        stream.Seek(0, SeekOrigin.Begin);
        using var archive = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        if (!archive.Entries.Any(e => e.Name == "data.pkl"))
            throw new CheckpointException($"Checkpoint '{path}' is a zip archive without a data.pkl entry, so torch.save did not write it.");
    }

    private static Checkpoint Interpret(Hashtable topLevel, string path, IReadOnlyList<string> stateDictKeys)
    {
        var entries = new Dictionary<string, object?>();
        foreach (DictionaryEntry entry in topLevel)
        {
            if (entry.Key is not string key)
                throw new CheckpointException($"Checkpoint '{path}' has a top-level key of type {entry.Key.GetType().Name}; only string keys are supported.");
            entries[key] = entry.Value;
        }

        foreach (var stateDictKey in stateDictKeys)
        {
            if (!entries.Remove(stateDictKey, out var nested))
                continue;
            if (nested is not IDictionary stateDict)
                throw new CheckpointException($"Checkpoint '{path}' has a '{stateDictKey}' entry that is not a dictionary ({nested?.GetType().Name ?? "None"}).");
            return new Checkpoint(path, ToTensorDictionary(stateDict, path, $"{stateDictKey}."), entries);
        }

        if (entries.Values.All(v => v is Tensor))
            return new Checkpoint(path, ToTensorDictionary(topLevel, path, ""), new Dictionary<string, object?>());

        throw new CheckpointException(
            $"Checkpoint '{path}' has no {string.Join(" or ", stateDictKeys.Select(k => $"'{k}'"))} entry and is not a bare state dict; its top-level keys are: {string.Join(", ", entries.Keys.Order(StringComparer.Ordinal))}.");
    }

    private static Dictionary<string, Tensor> ToTensorDictionary(IDictionary source, string path, string prefix)
    {
        var result = new Dictionary<string, Tensor>(source.Count);
        foreach (DictionaryEntry entry in source)
        {
            if (entry.Key is not string key || entry.Value is not Tensor tensor)
                throw new CheckpointException(
                    $"Checkpoint '{path}' has a state dict entry '{prefix}{entry.Key}' that is not a string-keyed tensor ({entry.Value?.GetType().Name ?? "None"}).");
            result[key] = tensor;
        }
        return result;
    }
}
