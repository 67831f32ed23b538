namespace GatedLif;

/// <summary>
/// A setting of a model or run is out of its domain. <see cref="Setting"/> names it in the library's terms (the
/// property or parameter), so a command line can say which of its flags carried the value.
/// </summary>
public sealed class InvalidSettingException(string setting, string message) : ArgumentException(message)
{
    public string Setting { get; } = setting;
}
