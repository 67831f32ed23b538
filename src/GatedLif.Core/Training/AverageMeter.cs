namespace GatedLif.Training;

/// <summary>Sample-weighted running mean, the reference's <c>AvgrageMeter</c> (sums in double).</summary>
public sealed class AverageMeter
{
    public double Sum { get; private set; }
    public long Count { get; private set; }
    public double Average => Count == 0 ? 0 : Sum / Count;

    public void Update(double value, long n = 1)
    {
        Sum += value * n;
        Count += n;
    }
}
