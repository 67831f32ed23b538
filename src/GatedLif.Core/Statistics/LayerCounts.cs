namespace GatedLif.Statistics;

/// <summary>
/// What one layer counted during a pass, as sums over the samples it saw, so that the counts of several passes or
/// ranks add up (<see cref="NetworkCounts.Combined"/>). <see cref="Layer"/> is the module's state_dict prefix.
/// </summary>
public abstract record LayerCounts(string Layer, string Kind)
{
    /// <summary>The additive counts as one vector (for a reduction over ranks).</summary>
    public abstract double[] Values();

    /// <summary>The same layer with counts read back from <see cref="Values"/>'s layout.</summary>
    public abstract LayerCounts WithValues(ReadOnlySpan<double> values);
}
