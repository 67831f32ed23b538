namespace GatedLif.Cli.CommandLine;

/// <summary>A command line that cannot be run as given (unknown flag, bad value, unsupported combination).</summary>
public sealed class UsageException(string message) : Exception(message);
