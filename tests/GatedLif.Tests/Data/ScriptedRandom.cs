using GatedLif.Data;

namespace GatedLif.Tests.Data;

/// <summary>An <see cref="IRandomSource"/> that returns a fixed script and records what was asked of it.</summary>
internal sealed class ScriptedRandom(params object[] script) : IRandomSource
{
    private readonly Queue<object> values = new(script);

    public List<string> Calls { get; } = [];

    public int NextInt(int exclusiveMax)
    {
        Calls.Add($"int<{exclusiveMax}");
        int value = (int)values.Dequeue();
        Assert.InRange(value, 0, exclusiveMax - 1);
        return value;
    }

    public double NextDouble()
    {
        Calls.Add("double");
        return (double)values.Dequeue();
    }
}
