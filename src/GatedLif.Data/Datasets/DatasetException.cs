namespace GatedLif.Data.Datasets;

/// <summary>
/// A dataset on disk is missing or unreadable. The message is meant to be shown to the user as is:
/// it names the file or folder and what is wrong with it.
/// </summary>
public sealed class DatasetException : Exception
{
    public DatasetException(string message)
        : base(message) { }

    public DatasetException(string message, Exception inner)
        : base(message, inner) { }
}
