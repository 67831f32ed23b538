namespace GatedLif.Cli.CommandLine;

/// <summary>A command line that cannot be run as given (unknown flag, bad value, unsupported combination).</summary>
public sealed class UsageException(string message) : Exception(message)
{
    /// <summary>What <paramref name="run"/> gives, its <see cref="InvalidSettingException"/> turned into a usage error
    /// with <paramref name="message"/>'s text (the setting's own message by default): the one place where the
    /// checks of Core and Models become command-line errors.</summary>
    public static T From<T>(Func<T> run, Func<InvalidSettingException, string>? message = null)
    {
        try
        {
            return run();
        }
        catch (InvalidSettingException e)
        {
            throw new UsageException(message?.Invoke(e) ?? e.Message);
        }
    }

    /// <inheritdoc cref="From{T}"/>
    public static void From(Action run, Func<InvalidSettingException, string>? message = null) =>
        From(
            () =>
            {
                run();
                return true;
            },
            message
        );
}
