namespace GatedLif.Checkpoints;

/// <summary>
/// A checkpoint could not be read, written or loaded into a model.
/// The message is meant for the user as is: it names the file and says what is wrong.
/// </summary>
public sealed class CheckpointException : Exception
{
    public CheckpointException(string message)
        : base(message) { }

    public CheckpointException(string message, Exception innerException)
        : base(message, innerException) { }
}
