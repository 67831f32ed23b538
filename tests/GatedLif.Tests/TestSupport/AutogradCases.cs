using System.Text.Json;

namespace GatedLif.Tests.TestSupport;

/// <summary>
/// A fixture of named cases that PyTorch autograd computed (tests/fixture-generators/*.py): <c>{"cases": [{"name": …,
/// "shape": […], …}]}</c>, offered to theories by name.
/// </summary>
public sealed class AutogradCases(string fixture)
{
    private readonly JsonElement _cases = JsonDocument
        .Parse(File.ReadAllText(RepoPaths.Fixture(fixture)))
        .RootElement.GetProperty("cases");

    public TheoryData<string> Names()
    {
        var names = new TheoryData<string>();
        foreach (var c in _cases.EnumerateArray())
            names.Add(c.GetProperty("name").GetString()!);
        return names;
    }

    public JsonElement this[string name] =>
        _cases.EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);

    public static long[] Shape(JsonElement c) =>
        c.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();

    public static float[] Floats(JsonElement array) =>
        array.EnumerateArray().Select(e => (float)e.GetDouble()).ToArray();
}
