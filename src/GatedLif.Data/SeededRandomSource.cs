namespace GatedLif.Data;

/// <summary>
/// <see cref="IRandomSource"/> over a seeded <see cref="Random"/>, which uses .NET's fixed compatibility algorithm
/// when given a seed, so a seed reproduces a run.
/// </summary>
public sealed class SeededRandomSource(int seed) : IRandomSource
{
    private readonly Random random = new(seed);

    public int NextInt(int exclusiveMax) => random.Next(exclusiveMax);

    public double NextDouble() => random.NextDouble();
}
