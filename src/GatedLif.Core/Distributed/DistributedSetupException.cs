namespace GatedLif.Distributed;

/// <summary>A multi-process job that cannot start: a bad environment variable, a missing library, ranks that
/// disagree.</summary>
public sealed class DistributedSetupException(string message, Exception? inner = null) : Exception(message, inner);
