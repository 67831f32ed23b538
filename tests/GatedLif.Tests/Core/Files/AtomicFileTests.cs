using GatedLif.Files;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Core.Files;

public class AtomicFileTests
{
    [Fact]
    public void Replaces_existing_file()
    {
        using var dir = new TempFolder();
        var path = dir.File("out.bin");
        File.WriteAllText(path, "old content that is longer than the new one");

        AtomicFile.Write(path, stream => stream.Write("new"u8));

        Assert.Equal("new", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Exception_mid_write_keeps_old_file_and_removes_temporary()
    {
        using var dir = new TempFolder();
        var path = dir.File("out.bin");
        File.WriteAllText(path, "old");

        Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
            {
                stream.Write(new byte[100_000]);
                stream.Flush();
                Assert.Single(Directory.GetFiles(dir.Path, "out.bin.tmp-*"));
                throw new IOException("disk full");
            }));

        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(dir.Path));
    }
}
