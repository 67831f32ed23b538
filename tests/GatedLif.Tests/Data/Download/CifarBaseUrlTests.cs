using GatedLif.Data.Datasets;
using GatedLif.Data.Download;

namespace GatedLif.Tests.Data.Download;

public sealed class CifarBaseUrlTests
{
    [Fact]
    public void The_default_is_torchvisions_site()
    {
        Assert.Equal(new Uri("https://www.cs.toronto.edu/~kriz/"), CifarBaseUrl.Resolve(null, null));
        Assert.Equal(new Uri("https://www.cs.toronto.edu/~kriz/"), CifarBaseUrl.Resolve(" ", ""));
        Assert.Equal("GATEDLIF_CIFAR_BASE_URL", CifarBaseUrl.EnvironmentVariable);
    }

    [Fact]
    public void Environment_variable_overrides_the_default() =>
        Assert.Equal(
            new Uri("http://mirror.example/cifar/"),
            CifarBaseUrl.Resolve(null, "http://mirror.example/cifar/")
        );

    [Fact]
    public void Argument_overrides_the_environment_variable() =>
        Assert.Equal(
            new Uri("http://127.0.0.1:8000/x/"),
            CifarBaseUrl.Resolve("http://127.0.0.1:8000/x/", "http://mirror.example/cifar/")
        );

    [Theory]
    [InlineData("http://mirror.example/cifar")]
    [InlineData("http://mirror.example/cifar/")]
    public void Archive_goes_under_the_base_URL_with_or_without_a_slash(string baseUrl) =>
        Assert.Equal(
            new Uri("http://mirror.example/cifar/cifar-100-python.tar.gz"),
            CifarBaseUrl.ArchiveUrl(CifarBaseUrl.Resolve(baseUrl, null), CifarArchive.Cifar100)
        );

    [Fact]
    public void Invalid_URLs_name_their_source()
    {
        Assert.Equal(
            "The CIFAR base URL 'ftp://x/' is not an absolute http:// or https:// URL.",
            Assert.Throws<DatasetException>(() => CifarBaseUrl.Resolve("ftp://x/", null)).Message
        );
        Assert.Equal(
            "The CIFAR base URL in GATEDLIF_CIFAR_BASE_URL 'mirror/cifar' is not an absolute http:// or https:// URL.",
            Assert.Throws<DatasetException>(() => CifarBaseUrl.Resolve(null, "mirror/cifar")).Message
        );
    }
}
