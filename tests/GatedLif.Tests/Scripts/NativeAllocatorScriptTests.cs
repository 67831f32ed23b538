using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Scripts;

/// <summary>
/// scripts/native-allocator.sh, which scripts/gatedlif applies before it starts .NET: jemalloc is preloaded where
/// Debian's libjemalloc2 is installed (scripts/test.sh installs it), with its freed pages kept unless the user's
/// MALLOC_CONF says otherwise; GATEDLIF_ALLOCATOR chooses, and a bad value or a missing library asked for by name
/// stops the launch with the variable named.
/// </summary>
public sealed class NativeAllocatorScriptTests
{
    private const string Library = "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2";

    private static (int ExitCode, string Stdout, string Stderr) Apply(
        string before,
        params (string Name, string? Value)[] environment
    )
    {
        var script = $$"""
            set -euo pipefail
            source "$1/scripts/native-allocator.sh"
            {{before}}
            native_allocator_apply
            echo "LD_PRELOAD=${LD_PRELOAD:-} MALLOC_CONF=${MALLOC_CONF:-}"
            """;
        var start = ScriptProcess.Bash(["-c", script, "native-allocator", RepoPaths.Root]);
        foreach (var name in new[] { "LD_PRELOAD", "MALLOC_CONF", "GATEDLIF_ALLOCATOR" })
            start.Environment.Remove(name);
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        var (exitCode, stdout, stderr) = ScriptProcess.Run(start);
        return (exitCode, stdout.Trim(), stderr.Trim());
    }

    [Fact]
    public void Jemalloc_is_preloaded_once_with_its_freed_pages_kept()
    {
        Assert.True(File.Exists(Library), $"{Library} is missing: scripts/test.sh installs libjemalloc2");
        var (exitCode, stdout, stderr) = Apply("");
        Assert.True(exitCode == 0, stderr);
        Assert.Equal($"LD_PRELOAD={Library} MALLOC_CONF=dirty_decay_ms:-1,muzzy_decay_ms:-1", stdout);
        Assert.Equal("", stderr);

        var again = Apply(
            "native_allocator_apply",
            ("GATEDLIF_ALLOCATOR", "jemalloc"),
            ("MALLOC_CONF", "narenas:2"),
            ("LD_PRELOAD", "/opt/other.so")
        );
        Assert.Equal($"LD_PRELOAD={Library}:/opt/other.so MALLOC_CONF=narenas:2", again.Stdout);
    }

    [Fact]
    public void A_process_started_after_it_runs_on_jemalloc()
    {
        var (exitCode, stdout, stderr) = Apply("""native_allocator_apply; grep -c libjemalloc /proc/self/maps; exit""");
        Assert.True(exitCode == 0, stderr);
        Assert.True(int.Parse(stdout) > 0, "grep found no jemalloc mapping in a process started with the preload");
    }

    [Fact]
    public void Glibc_is_kept_when_asked_for_or_when_jemalloc_is_missing()
    {
        Assert.Equal("LD_PRELOAD= MALLOC_CONF=", Apply("", ("GATEDLIF_ALLOCATOR", "glibc")).Stdout);

        const string missing = "native_allocator_library() { return 1; }";
        var (exitCode, stdout, stderr) = Apply(missing);
        Assert.Equal(0, exitCode);
        Assert.Equal("LD_PRELOAD= MALLOC_CONF=", stdout);
        Assert.Contains("libjemalloc2 is not installed", stderr);

        var required = Apply(missing, ("GATEDLIF_ALLOCATOR", "jemalloc"));
        Assert.Equal(2, required.ExitCode);
        Assert.Contains("GATEDLIF_ALLOCATOR=jemalloc", required.Stderr);
    }

    [Fact]
    public void An_unknown_allocator_is_refused_by_name()
    {
        var (exitCode, _, stderr) = Apply("", ("GATEDLIF_ALLOCATOR", "tcmalloc"));
        Assert.Equal(2, exitCode);
        Assert.Contains("GATEDLIF_ALLOCATOR=tcmalloc: expected jemalloc or glibc", stderr);
    }
}
