using System.Text.Json;

namespace GatedLif.Files;

/// <summary>A record kept as one JSON file: written atomically (its folder made first), read with one error that
/// names the file when it is not JSON of the record's shape.</summary>
public static class JsonFile
{
    public static void Write<T>(string path, T value, JsonSerializerOptions options)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        AtomicFile.Write(path, stream => JsonSerializer.Serialize(stream, value, options));
    }

    /// <param name="kind">What the file should be, for the error ("a spike statistics file").</param>
    /// <exception cref="InvalidDataException">The file is not JSON of <typeparamref name="T"/>'s shape.</exception>
    public static T? Read<T>(string path, JsonSerializerOptions options, string kind)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize<T>(stream, options);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not {kind}: {JsonProblem.Describe(e)}", e);
        }
    }
}
