using static TorchSharp.torch;

namespace GatedLif.Data;

/// <summary>
/// <see cref="IRandomSource"/> over a torch generator, drawing as torchvision's transforms do on a DataLoader
/// worker: <c>torch.randint(0, n, (1,))</c> for an integer, <c>torch.rand(1)</c> for a fraction and
/// <c>torch.empty(1).uniform_(low, high)</c> for a uniform value (both float32). It is
/// libtorch's own mt19937 and distribution code, so a seed gives the reference's numbers.
/// </summary>
public sealed class TorchRandomSource(Generator generator) : IRandomSource
{
    /// <summary>A worker's stream: a generator of its own seeded <paramref name="seed"/>.</summary>
    public TorchRandomSource(ulong seed)
        : this(new Generator(seed)) { }

    /// <summary>torch's default generator, which transforms draw from when a DataLoader has no workers
    /// (<c>num_workers=0</c>) and so runs them in the main process.</summary>
    public static TorchRandomSource Default() => new(Generator.Default);

    public int NextInt(int exclusiveMax)
    {
        using var draw = randint(0, exclusiveMax, [1], dtype: ScalarType.Int64, generator: generator);
        return (int)draw.item<long>();
    }

    public double NextDouble()
    {
        using var draw = rand([1], dtype: ScalarType.Float32, generator: generator);
        return draw.item<float>();
    }

    public double NextUniform(double low, double high)
    {
        using var draw = empty([1], ScalarType.Float32).uniform_(low, high, generator);
        return draw.item<float>();
    }
}
