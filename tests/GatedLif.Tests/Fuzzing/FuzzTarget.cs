namespace GatedLif.Tests.Fuzzing;

/// <summary>
/// One format as the fuzzer feeds it: real files of the format to start from, how to mutate one, and how to read an
/// input through the path the command line takes.
/// </summary>
/// <param name="Name">The format, for the report.</param>
/// <param name="Seeds">Real files of the format, made once.</param>
/// <param name="Mutate">Makes an input from a seed.</param>
/// <param name="Read">Writes the input where the reader expects it (under the given fresh folder), reads it, and
/// throws <see cref="FuzzViolation"/> if anything is left half-written.</param>
/// <param name="IsOurs">Whether an exception is one of the program's own, user-facing errors.</param>
/// <param name="Names">What every error must name: the input's file name (or the URL it was served from).</param>
internal sealed record FuzzTarget(
    string Name,
    Func<IReadOnlyList<byte[]>> Seeds,
    Func<byte[], Random, byte[]> Mutate,
    Action<byte[], string> Read,
    Func<Exception, bool> IsOurs,
    string Names = FuzzTarget.InputName
)
{
    /// <summary>The stem of every input file's name, so that an error naming the file is recognised.</summary>
    public const string InputName = "fuzz-input";
}
