using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Scripts;

/// <summary>
/// scripts/torch-bridge.sh's build, on fakes in seconds: a PyTorch-shaped folder of a CUDA wheel (TorchConfig.cmake,
/// Caffe2Targets.cmake, lib/ with libtorch_cuda.so, nvidia/cu13/lib beside it), a TorchSharp-shaped source tree, and a
/// compiler that records its arguments and fails on a file marked broken. The direct build compiles just the files
/// TorchSharp's CMakeLists names, with its flags and Torch's defines, keeps going past a failing file, names the
/// failures with the compiler's first errors, and never calls CMake; --cmake puts nvcc on PATH and names it to CMake.
/// The copy of the script under test carries the fake tree's checksum in place of TorchSharp 0.107.0's.
/// </summary>
public sealed class TorchBridgeScriptTests
{
    private const string Sources = """
        set(SOURCES
            THSOne.h
            THSOne.cpp
        	crc32c.c
            THSTwo.cpp
            Utils.cpp)
        """;

    private sealed record Outcome(int ExitCode, string Stdout, string Stderr, string Calls);

    private static Outcome Build(
        TempFolder work,
        string[]? options = null,
        string[]? broken = null,
        Dictionary<string, string>? environment = null
    )
    {
        var torch = Path.Combine(work.Path, "site-packages", "torch");
        foreach (
            var library in new[] { "libtorch_cpu.so", "libtorch.so", "libc10.so", "libtorch_cuda.so", "libc10_cuda.so" }
        )
            File.WriteAllText(work.File("site-packages", "torch", "lib", library), "");
        Directory.CreateDirectory(Path.Combine(torch, "include", "ATen"));
        Directory.CreateDirectory(Path.Combine(work.Path, "site-packages", "nvidia", "cu13", "lib"));
        File.WriteAllText(work.File("site-packages", "torch", "version.py"), "__version__ = '2.11.0+cu130'\n");
        File.WriteAllText(
            work.File("site-packages", "torch", "share", "cmake", "Torch", "TorchConfig.cmake"),
            "if(CMAKE_SYSTEM_NAME STREQUAL \"Linux\")\n  set(TORCH_CXX_FLAGS \"-D_GLIBCXX_USE_CXX11_ABI=1\")\nendif()\n"
        );
        File.WriteAllText(
            work.File("site-packages", "torch", "share", "cmake", "Caffe2", "Caffe2Targets.cmake"),
            """
            set_target_properties(torch_cpu PROPERTIES
              INTERFACE_COMPILE_DEFINITIONS "USE_DISTRIBUTED;USE_C10D_GLOO"
            )
            set_target_properties(torch_cuda PROPERTIES
              INTERFACE_COMPILE_DEFINITIONS "USE_C10D_NCCL"
            )
            set_target_properties(torch PROPERTIES
              INTERFACE_COMPILE_DEFINITIONS "\$<TARGET_PROPERTY:torch_cpu,INTERFACE_COMPILE_DEFINITIONS>"
            )
            """
        );
        var native = Path.Combine(work.Path, "torchsharp", "src", "Native", "LibTorchSharp");
        File.WriteAllText(work.File("torchsharp", "src", "Native", "LibTorchSharp", "CMakeLists.txt"), Sources + "\n");
        foreach (
            var file in new[] { "THSOne.h", "THSOne.cpp", "crc32c.c", "THSTwo.cpp", "Utils.cpp", "THSLeftOut.cpp" }
        )
            File.WriteAllText(Path.Combine(native, file), broken?.Contains(file) == true ? "BROKEN\n" : "int x;\n");

        // A compiler that records each call, fails on a broken file as GCC reports it, and writes its output.
        var calls = work.File("calls.txt");
        var compiler = """
            #!/bin/bash
            echo "$(basename "$0") $*" >> "$FAKE_CALLS"
            out=""; source=""
            while [[ $# -gt 0 ]]; do
              case "$1" in -o) out="$2"; shift ;; *.c|*.cpp) source="$1" ;; esac
              shift
            done
            if [[ -n "$source" ]] && grep -q BROKEN "$source"; then
              echo "$source:3:7: error: 'Broken' was not declared in this scope" >&2
              exit 1
            fi
            echo built > "$out"
            """;
        foreach (var name in new[] { "c++", "cc" })
            WriteScript(work.File("bin", name), compiler);
        WriteScript(
            work.File("bin", "cmake"),
            """
            #!/bin/bash
            echo "cmake $* PATH=$PATH" >> "$FAKE_CALLS"
            echo "CMake Error at Caffe2Config.cmake:103: The link interface of target \"torch::nvtoolsext\"" \
                "contains: CUDA::nvToolsExt but the target was not found."
            exit 1
            """
        );
        WriteScript(
            work.File("cuda", "bin", "nvcc"),
            "#!/bin/sh\necho 'Cuda compilation tools, release 13.0, V13.0.48'\n"
        );

        // The copy under test takes the fake tree's checksum, which the real script reports when it refuses it.
        var script = work.File("scripts", "torch-bridge.sh");
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, "scripts", "torch-bridge.sh"));
        var refusal = Run(
            Path.Combine(RepoPaths.Root, "scripts", "torch-bridge.sh"),
            ["--torchsharp-src", Path.Combine(work.Path, "torchsharp"), torch],
            calls,
            work,
            null
        );
        var checksum = System
            .Text.RegularExpressions.Regex.Match(refusal.Stderr, "has checksum ([0-9a-f]{64}), not")
            .Groups[1]
            .Value;
        Assert.True(checksum.Length == 64, refusal.Stderr);
        File.WriteAllText(
            script,
            System.Text.RegularExpressions.Regex.Replace(
                text,
                "(?m)^native_tree_sha256=.*$",
                $"native_tree_sha256={checksum}"
            )
        );

        string[] arguments =
        [
            .. options ?? [],
            "--torchsharp-src",
            Path.Combine(work.Path, "torchsharp"),
            "--jobs",
            "2",
            torch,
        ];
        var outcome = Run(script, arguments, calls, work, environment);
        return outcome with { Calls = File.Exists(calls) ? File.ReadAllText(calls) : "" };
    }

    private static Outcome Run(
        string script,
        string[] arguments,
        string calls,
        TempFolder work,
        Dictionary<string, string>? environment
    )
    {
        var info = ScriptProcess.Bash([script, .. arguments]);
        info.Environment["PATH"] = $"{Path.Combine(work.Path, "bin")}:/usr/bin:/bin";
        info.Environment["XDG_CACHE_HOME"] = Path.Combine(work.Path, "cache");
        info.Environment["CUDA_HOME"] = Path.Combine(work.Path, "cuda");
        info.Environment["FAKE_CALLS"] = calls;
        foreach (var name in new[] { "CXX", "CC", "GATEDLIF_TORCHSHARP_SRC" })
            info.Environment.Remove(name);
        foreach (var (name, value) in environment ?? [])
            info.Environment[name] = value;
        var (exitCode, stdout, stderr) = ScriptProcess.Run(info);
        return new Outcome(exitCode, stdout.Trim(), stderr.Trim(), "");
    }

    private static void WriteScript(string path, string text)
    {
        File.WriteAllText(path, text.ReplaceLineEndings("\n") + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static string[] Lines(string calls, string start) =>
        [.. calls.Split('\n').Where(line => line.StartsWith(start, StringComparison.Ordinal))];

    [Fact]
    public void The_direct_build_compiles_the_listed_files_with_torchsharps_flags_and_links_torch_without_cmake()
    {
        using var work = new TempFolder();
        var outcome = Build(work);
        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        Assert.EndsWith("/libLibTorchSharp.so", outcome.Stdout);
        Assert.Equal("built", File.ReadAllText(outcome.Stdout).Trim());
        Assert.DoesNotContain("cmake", outcome.Calls);
        var torch = Path.Combine(work.Path, "site-packages", "torch");

        var compiled = Lines(outcome.Calls, "c++ -std=c++17 ");
        Assert.Equal(
            ["THSOne.cpp", "THSTwo.cpp", "Utils.cpp"],
            compiled.Select(line => Path.GetFileName(line.Split(" -c ")[1].Split(' ')[0])).Order(StringComparer.Ordinal)
        );
        foreach (
            var flag in new[]
            {
                "-O3",
                "-DNDEBUG",
                "-fPIC",
                "-fvisibility=hidden",
                "-D_NO_ASYNCRTIMP",
                "-D_NO_PPLXIMP",
                "-D__LINUX__",
                "-D_GLIBCXX_USE_CXX11_ABI=1",
                "-DUSE_C10D_GLOO",
                "-DUSE_C10D_NCCL",
                "-DUSE_DISTRIBUTED",
                $"-I{torch}/include",
                $"-I{torch}/include/torch/csrc/api/include",
            }
        )
            Assert.Contains($" {flag} ", compiled[0] + " ");
        Assert.DoesNotContain("TARGET_PROPERTY", outcome.Calls);
        var c = Assert.Single(Lines(outcome.Calls, "cc "));
        Assert.Contains("crc32c.c", c);
        Assert.DoesNotContain("-std=c++17", c);

        var link = Assert.Single(Lines(outcome.Calls, "c++ -shared "));
        Assert.Contains($"-Wl,-rpath,{torch}/lib", link);
        Assert.Contains($"-Wl,-rpath-link,{work.Path}/site-packages/nvidia/cu13/lib", link);
        Assert.Contains("-Wl,--no-as-needed -ltorch -ltorch_cpu -lc10 -ltorch_cuda -lc10_cuda -Wl,--as-needed", link);
        Assert.Contains("compiling 4 files against", outcome.Stderr);
    }

    [Fact]
    public void Failing_files_are_named_with_the_compilers_first_errors_after_every_other_file_is_tried()
    {
        using var work = new TempFolder();
        var outcome = Build(work, broken: ["THSOne.cpp", "Utils.cpp"]);
        Assert.Equal(1, outcome.ExitCode);
        Assert.Matches(@"THSOne\.cpp:3:7: error: 'Broken' was not declared in this scope", outcome.Stderr);
        Assert.Matches(@"Utils\.cpp:3:7: error:", outcome.Stderr);
        Assert.Contains(
            "failed: 2 of 4 files did not compile (THSOne.cpp Utils.cpp; first errors above; the whole log: ",
            outcome.Stderr
        );
        Assert.Equal(4, Lines(outcome.Calls, "c++ -std=c++17 ").Length + Lines(outcome.Calls, "cc ").Length);
        Assert.Empty(Lines(outcome.Calls, "c++ -shared "));
    }

    [Fact]
    public void Without_a_compiler_the_build_stops_naming_it()
    {
        using var work = new TempFolder();
        var outcome = Build(work, environment: new() { ["CXX"] = "/no/such/g++" });
        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal(
            "torch-bridge: a C++17 compiler is needed to build the bridge: no /no/such/g++ (Debian: apt-get install "
                + "g++; or set CXX)",
            outcome.Stderr.Split('\n')[^1]
        );
    }

    [Fact]
    public void The_cmake_build_puts_nvcc_on_the_path_names_it_and_says_a_failed_configure_is_avoidable()
    {
        using var work = new TempFolder();
        var outcome = Build(work, options: ["--cmake"]);
        Assert.Equal(1, outcome.ExitCode);
        var cuda = Path.Combine(work.Path, "cuda");
        var cmake = Assert.Single(Lines(outcome.Calls, "cmake "));
        Assert.Contains($"-DCMAKE_CUDA_COMPILER={cuda}/bin/nvcc -DCUDAToolkit_ROOT={cuda}", cmake);
        Assert.Contains($" PATH={cuda}/bin:", cmake);
        Assert.Contains("torch::nvtoolsext", outcome.Stderr);
        Assert.Contains("without --cmake the build needs no configuring", outcome.Stderr);
    }
}
