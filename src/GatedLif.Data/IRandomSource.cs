namespace GatedLif.Data;

/// <summary>
/// The random draws data pipelines make (shuffling, augmentation). Passed in rather than created inside so a run
/// is repeatable from its seed and tests can script the exact sequence.
/// </summary>
public interface IRandomSource
{
    /// <summary>A uniform integer in 0..<paramref name="exclusiveMax"/>-1.</summary>
    int NextInt(int exclusiveMax);

    /// <summary>A uniform double in [0, 1).</summary>
    double NextDouble();

    /// <summary>A uniform value in [<paramref name="low"/>, <paramref name="high"/>) (torch's
    /// <c>torch.empty(1).uniform_(low, high)</c> where the source is torch's).</summary>
    double NextUniform(double low, double high) => low + (high - low) * NextDouble();
}
