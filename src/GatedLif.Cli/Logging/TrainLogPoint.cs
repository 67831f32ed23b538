namespace GatedLif.Cli.Logging;

/// <summary>A <c>Train Epoch</c> line: where in training it was (epoch + fraction done), the batch loss and
/// top-1.</summary>
public sealed record TrainLogPoint(double Epoch, double Loss, double? Top1);
