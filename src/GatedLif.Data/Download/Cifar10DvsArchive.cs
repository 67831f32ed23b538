namespace GatedLif.Data.Download;

/// <summary>
/// One of the ten per-class archives of CIFAR10-DVS: its file name in <c>&lt;data_dir&gt;/download</c>, where it is
/// fetched from and the MD5 it must have. It holds the class's recordings as <c>&lt;class&gt;/*.aedat</c>. The official
/// archives are the defaults; tests pass their own to serve small ones.
/// </summary>
public sealed record Cifar10DvsArchive(string FileName, Uri Url, string Md5)
{
    /// <summary>The class folder the archive extracts to: its file name without <c>.zip</c>.</summary>
    public string ClassName => Path.GetFileNameWithoutExtension(FileName);

    /// <summary>SpikingJelly 0.0.0.0.10's <c>CIFAR10DVS.resource_url_md5()</c>: the figshare files of the data
    /// set.</summary>
    public static IReadOnlyList<Cifar10DvsArchive> Official { get; } =
    [
        Figshare("airplane.zip", 7712788, "0afd5c4bf9ae06af762a77b180354fdd"),
        Figshare("automobile.zip", 7712791, "8438dfeba3bc970c94962d995b1b9bdd"),
        Figshare("bird.zip", 7712794, "a9c207c91c55b9dc2002dc21c684d785"),
        Figshare("cat.zip", 7712812, "52c63c677c2b15fa5146a8daf4d56687"),
        Figshare("deer.zip", 7712815, "b6bf21f6c04d21ba4e23fc3e36c8a4a3"),
        Figshare("dog.zip", 7712818, "f379ebdf6703d16e0a690782e62639c3"),
        Figshare("frog.zip", 7712842, "cad6ed91214b1c7388a5f6ee56d08803"),
        Figshare("horse.zip", 7712851, "e7cbbf77bec584ffbf913f00e682782a"),
        Figshare("ship.zip", 7712836, "41c7bd7d6b251be82557c6cce9a7d5c9"),
        Figshare("truck.zip", 7712839, "89f3922fd147d9aeff89e76a2b0b70a7"),
    ];

    private static Cifar10DvsArchive Figshare(string fileName, int file, string md5) =>
        new(fileName, new Uri($"https://ndownloader.figshare.com/files/{file}"), md5);
}
