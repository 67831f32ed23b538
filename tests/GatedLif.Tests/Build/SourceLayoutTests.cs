using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Build;

/// <summary>Conventions of the source tree that the compiler does not check.</summary>
public sealed class SourceLayoutTests
{
    private static IEnumerable<string> SourceFiles(params string[] folder) =>
        Directory
            .GetFiles(Path.Combine([RepoPaths.Root, .. folder]), "*.cs", SearchOption.AllDirectories)
            .Where(f =>
                !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")
            );

    /// <summary>Layers and neurons call the kernels; a kernel that named a layer or neuron type would make the
    /// folders depend on each other both ways.</summary>
    [Fact]
    public void Kernels_know_neither_layers_nor_neurons()
    {
        var offending = SourceFiles("src", "GatedLif.Core", "Kernels")
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: f, Number: i + 1, Line: line)))
            .Where(l => l.Line.Contains("GatedLif.Layers") || l.Line.Contains("GatedLif.Neurons"))
            .Select(l => $"{Path.GetRelativePath(RepoPaths.Root, l.File)}:{l.Number}: {l.Line.Trim()}")
            .ToList();
        Assert.True(offending.Count == 0, string.Join(Environment.NewLine, offending));
    }

    /// <summary>The width .editorconfig sets: CSharpier lays code out within it but leaves long strings and comments
    /// as they are, so those are wrapped by hand and checked here.</summary>
    [Fact]
    public void No_source_line_is_wider_than_editorconfig_allows()
    {
        int limit = int.Parse(
            File.ReadLines(Path.Combine(RepoPaths.Root, ".editorconfig"))
                .Select(l => l.Split('=', 2, StringSplitOptions.TrimEntries))
                .Single(kv => kv.Length == 2 && kv[0] == "max_line_length")[1]
        );
        var offending = SourceFiles("src")
            .Concat(SourceFiles("tests"))
            .Concat(SourceFiles("samples"))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: f, Number: i + 1, Line: line)))
            .Where(l => l.Line.Length > limit)
            .Select(l => $"{Path.GetRelativePath(RepoPaths.Root, l.File)}:{l.Number}: {l.Line.Length} characters")
            .ToList();
        Assert.True(offending.Count == 0, string.Join(Environment.NewLine, offending));
    }
}
