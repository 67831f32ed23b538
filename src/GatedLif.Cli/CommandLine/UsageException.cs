namespace GatedLif.Cli.CommandLine;

/// <summary>A command line that cannot be run as given (unknown flag, bad value, unsupported combination).</summary>
public sealed class UsageException(string message) : Exception(message)
{
    /// <summary>
    /// What <paramref name="build"/> makes of the command line's values; a setting it finds out of its domain
    /// (<see cref="InvalidSettingException"/>) is a usage error, in the words <paramref name="wording"/> gives it
    /// (which flag carried the value).
    /// </summary>
    public static T OnInvalidSetting<T>(Func<T> build, Func<InvalidSettingException, string> wording)
    {
        try
        {
            return build();
        }
        catch (InvalidSettingException e)
        {
            throw new UsageException(wording(e));
        }
    }
}
