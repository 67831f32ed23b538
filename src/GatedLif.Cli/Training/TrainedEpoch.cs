namespace GatedLif.Cli.Training;

/// <summary>One training epoch: the mean of its batch losses, and how many images it took in how long.</summary>
public sealed record TrainedEpoch(double MeanLoss, long Images, double Seconds)
{
    public double ImagesPerSecond => Seconds > 0 ? Images / Seconds : 0;
}
