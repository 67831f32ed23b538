namespace GatedLif.Checkpoints;

/// <summary>
/// Something inside a checkpoint's pickle is wrong (a storage, a tensor's sizes). Thrown by the constructors the
/// unpickler calls, which do not know the file; the reader adds its name and turns it into a <see
/// cref="CheckpointException"/>.
/// </summary>
internal sealed class CheckpointContentException(string message) : Exception(message);
