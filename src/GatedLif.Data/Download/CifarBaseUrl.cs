using GatedLif.Data.Datasets;

namespace GatedLif.Data.Download;

/// <summary>
/// Where the CIFAR archives are fetched from: an explicit base URL, else <see cref="EnvironmentVariable"/>, else the
/// authors' site that torchvision uses. A mirror or a local server can so stand in without code changes.
/// </summary>
public static class CifarBaseUrl
{
    public const string Default = "https://www.cs.toronto.edu/~kriz/";

    public const string EnvironmentVariable = "GATEDLIF_CIFAR_BASE_URL";

    /// <summary>The base URL from <paramref name="argument"/>, the environment variable, or <see cref="Default"/>, in
    /// that order.</summary>
    public static Uri Resolve(string? argument) =>
        Resolve(argument, Environment.GetEnvironmentVariable(EnvironmentVariable));

    /// <summary>
    /// As <see cref="Resolve(string?)"/> with the environment variable's value given, so the choice can be tested
    /// without changing the process environment. Empty values count as unset.
    /// </summary>
    public static Uri Resolve(string? argument, string? environmentValue)
    {
        if (!string.IsNullOrWhiteSpace(argument))
        {
            return Parse(argument, "The CIFAR base URL");
        }

        return string.IsNullOrWhiteSpace(environmentValue)
            ? new Uri(Default)
            : Parse(environmentValue, $"The CIFAR base URL in {EnvironmentVariable}");
    }

    /// <summary>The archive's address under <paramref name="baseUrl"/>, which is treated as a folder whether or not it
    /// ends in '/'.</summary>
    public static Uri ArchiveUrl(Uri baseUrl, CifarArchive archive)
    {
        string folder = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl.AbsoluteUri : baseUrl.AbsoluteUri + "/";
        return new Uri(new Uri(folder), Uri.EscapeDataString(archive.FileName));
    }

    private static Uri Parse(string text, string what)
    {
        string trimmed = text.Trim();
        if (
            Uri.TryCreate(trimmed, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        )
        {
            return uri;
        }

        throw new DatasetException($"{what} '{trimmed}' is not an absolute http:// or https:// URL.");
    }
}
