namespace GatedLif.Cli.Logging;

/// <summary>A <c>TEST Epoch</c> line.</summary>
public sealed record TestLogPoint(int Epoch, double Loss, double Top1, double Top5);
