namespace GatedLif.Tests.Fuzzing;

/// <summary>A reader broke a promise other than its error: it left a file half-written or the folder changed.</summary>
internal sealed class FuzzViolation(string message) : Exception(message);
