namespace GatedLif.Cli.Commands;

/// <summary>A reference feature that a later milestone brings; named so that nothing silently does less.</summary>
public sealed class NotImplementedYetException(string feature, string arrivesWith)
    : Exception($"{feature} is not implemented yet (it arrives with {arrivesWith})");
