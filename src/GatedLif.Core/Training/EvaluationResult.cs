namespace GatedLif.Training;

/// <summary>One pass over a test set: mean loss per sample, top-1 and top-5 as fractions, and the wall time.</summary>
public sealed record EvaluationResult(double Loss, double Top1, double Top5, long Samples, double Seconds)
{
    /// <summary>
    /// The reference's line, byte for byte: two spaces before '=' after Top-1 and Top-5, tabs after commas,
    /// six decimals (Python's <c>{:.6f}</c>, invariant culture).
    /// </summary>
    public string TestLine(int epoch) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"TEST Epoch {epoch}: loss = {Loss:F6},\tTop-1  = {Top1:F6},\tTop-5  = {Top5:F6},\tval_time = {Seconds:F6}");
}
