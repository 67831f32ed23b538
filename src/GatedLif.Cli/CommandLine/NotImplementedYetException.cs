namespace GatedLif.Cli.CommandLine;

/// <summary>A configuration the program does not run, named with what to do instead, so that nothing silently does
/// less.</summary>
public sealed class NotImplementedYetException(string feature, string instead)
    : Exception($"{feature} is not implemented: {instead}");
