using System.Diagnostics;
using System.Text;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Scripts;

/// <summary>
/// scripts/gpu-check.sh run, on a pack of fakes in seconds: a dotnet that plays xunit's console runner (writing the
/// results the test gives it) and the program, an nvidia-smi that lists a GPU or none, an ldd, a PyTorch folder with
/// CUDA wheels beside it, and a reference bench. The check's rules: skipped CUDA tests fail it where a GPU is
/// visible (the golden test aside when no golden folder is given), the budget drops the reference's bench first,
/// a library the bridge cannot find stops the run, and the results land in the --out folder as they are made; what
/// the machine has is the first thing run.log says; a machine without xz unpacks with Python's lzma; a long GPU list
/// cannot turn a GPU machine's run into a rehearsal; --python names the Python that runs the Python parts.
/// </summary>
public sealed class GpuCheckScriptTests
{
    private const string Golden =
        "GatedLif.Tests.Cuda.CudaGoldenEvaluationTests.Golden_checkpoint_evaluates_on_cuda_to_the_reference_numbers";
    private const string GoldenSkip =
        "needs the golden reference files (../shared/golden beside a checkout, or where GATEDLIF_GOLDEN names them)";
    private const string Step =
        "GatedLif.Tests.Cuda.CudaTrainingStepTests.ResNet18_channel_wise_T2_training_step_on_cuda_matches_the_cpu_step";

    private sealed record Outcome(int ExitCode, string Stderr, string Out)
    {
        public string File(string name) => Path.Combine(Out, name);

        public string Read(string name) => System.IO.File.ReadAllText(File(name));

        public string[] Files() =>
            [.. Directory.GetFiles(Out).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];
    }

    /// <summary>xunit's XML for tests given as (name, "Pass" | "Fail" | "Skip", reason or failure message).</summary>
    private static string Results(params (string Name, string Result, string Text)[] tests)
    {
        var xml = new StringBuilder(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<assemblies><assembly name=\"GatedLif.Tests.dll\"><errors "
                + "/><collection>\n"
        );
        foreach (var (name, result, text) in tests)
        {
            xml.Append($"<test name=\"{name}\" result=\"{result}\">");
            if (result == "Skip")
                xml.Append($"<reason><![CDATA[{text}]]></reason>");
            if (result == "Fail")
                xml.Append($"<failure><message><![CDATA[{text}]]></message></failure>");
            xml.Append("</test>\n");
        }
        return xml.Append("</collection></assembly></assemblies>\n").ToString();
    }

    private static Outcome Run(
        TempFolder work,
        string testResults,
        bool gpu,
        string[]? arguments = null,
        string? missingLibrary = null,
        int? killAfterSeconds = null,
        bool withoutXz = false,
        int gpuListLines = 1
    )
    {
        var payload = Path.Combine(work.Path, "payload");
        File.WriteAllText(work.File("payload", "commit"), "fake\n");
        File.WriteAllText(work.File("payload", "tests", "GatedLif.Tests.dll"), "");
        File.WriteAllText(work.File("payload", "reference", "layers.py"), "");
        File.Copy(
            Path.Combine(RepoPaths.Root, "scripts", "torch-bridge.sh"),
            work.File("payload", "scripts", "torch-bridge.sh")
        );
        WriteScript(
            work.File("payload", "scripts", "gpu_bench_reference.py"),
            """
            import sys
            open(sys.argv[sys.argv.index("--out") + 1], "w").write("glif_ms\t4\tms\nr18cw_t2_b64_step_s\t0.5\ts\n")
            """
        );
        // The pack's dotnet: xunit's console runner copies the given results, the program answers its commands.
        WriteScript(
            work.File("payload", "dotnet", "dotnet"),
            """
            #!/usr/bin/env bash
            set -euo pipefail
            if [[ "$1" == xunit.console.dll ]]; then
              echo "fake xunit: LD_LIBRARY_PATH=$LD_LIBRARY_PATH" \
                  "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=${DOTNET_SYSTEM_GLOBALIZATION_INVARIANT:-unset}"
              [[ -z "${FAKE_XUNIT_SLEEP:-}" ]] || sleep "$FAKE_XUNIT_SLEEP"
              while [[ $# -gt 0 ]]; do
                if [[ "$1" == -xml ]]; then cp "$FAKE_TESTS_XML" "$2"; fi
                shift
              done
              exit 0
            fi
            shift
            case "$1" in
              collectives-check) echo "rank 0/1 on cpu over single process: all-reduce sum ok" ;;
              bench)
                while [[ $# -gt 0 ]]; do
                  if [[ "$1" == --results ]]; then
                    printf 'glif_fused_ms\t2\tms\nglif_unrolled_ms\t8\tms\nglif_fused_amp_ms\t1\tms\n' > "$2"
                    printf 'glif_unrolled_amp_ms\t4\tms\nr18cw_t2_b64_step_s\t0.25\ts\n' >> "$2"
                  fi
                  shift
                done ;;
            esac
            """
        );
        var pack = Path.Combine(work.Path, "pack");
        Directory.CreateDirectory(pack);
        File.Copy(Path.Combine(RepoPaths.Root, "scripts", "gpu-check.sh"), Path.Combine(pack, "gpu-check.sh"));
        Bash($"tar -C '{payload}' -cf - . | xz -0 > '{pack}/payload.tar.xz'");

        File.WriteAllText(work.File("site-packages", "torch", "lib", "libtorch_cpu.so"), "");
        File.WriteAllText(
            work.File("site-packages", "torch", "version.py"),
            "__version__ = '2.11.0+cu130'\ncuda: Optional[str] = '13.0'\n"
        );
        File.WriteAllText(work.File("site-packages", "nvidia", "cudnn", "lib", "libcudnn.so.9"), "");
        File.WriteAllText(work.File("site-packages", "nvidia", "nccl", "lib", "libnccl.so.2"), "");
        File.WriteAllText(work.File("bridge", "libLibTorchSharp.so"), "a bridge");
        File.WriteAllText(work.File("results.xml"), testResults);
        // With more lines than a pipe holds after the GPU's, a reader that stops at the first match makes it die of
        // SIGPIPE.
        WriteScript(
            work.File("bin", "nvidia-smi"),
            gpu
                ? $"#!/bin/bash\ncase \"$1\" in -L) echo 'GPU 0: NVIDIA H200 (UUID: GPU-0)'; for ((i = 1; i < "
                    + $"{gpuListLines}; i++)); do echo \"  MIG 1g.18gb Device $i: (UUID: MIG-$i)\"; done ;; *) echo "
                    + $"'NVIDIA H200, 580.0' ;; esac\n"
                : "#!/bin/sh\necho 'NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver.' "
                    + ">&2\nexit 9\n"
        );
        WriteScript(
            work.File("bin", "ldd"),
            """
            #!/bin/sh
            echo "	libtorch_cuda.so => /site-packages/torch/lib/libtorch_cuda.so (0x0)"
            [ -z "${FAKE_LDD_MISSING:-}" ] || echo "	$FAKE_LDD_MISSING => not found"
            """
        );

        var info = ScriptProcess.Bash();
        if (killAfterSeconds is { } seconds)
        {
            info.FileName = "timeout";
            info.ArgumentList.Add("-s");
            info.ArgumentList.Add("KILL");
            info.ArgumentList.Add(seconds.ToString());
            info.ArgumentList.Add("/bin/bash");
            info.Environment["FAKE_XUNIT_SLEEP"] = "10";
        }
        var outFolder = Path.Combine(work.Path, "out");
        string[] common =
        [
            Path.Combine(pack, "gpu-check.sh"),
            "run",
            "--torch",
            Path.Combine(work.Path, "site-packages", "torch"),
            "--bridge",
            Path.Combine(work.Path, "bridge", "libLibTorchSharp.so"),
            "--out",
            outFolder,
            "--work",
            Path.Combine(work.Path, "work"),
        ];
        foreach (var argument in common.Concat(arguments ?? []))
            info.ArgumentList.Add(argument);
        info.Environment["PATH"] =
            $"{Path.Combine(work.Path, "bin")}:{(withoutXz ? ToolsWithoutXz(work) : "/usr/bin:/bin")}";
        info.Environment["FAKE_TESTS_XML"] = work.File("results.xml");
        info.Environment.Remove("LD_LIBRARY_PATH");
        info.Environment.Remove("FAKE_LDD_MISSING");
        if (missingLibrary is not null)
            info.Environment["FAKE_LDD_MISSING"] = missingLibrary;
        var (exitCode, stdout, stderr) = ScriptProcess.Run(info);
        return new Outcome(exitCode, stderr + stdout, outFolder);
    }

    /// <summary>A folder of links to every program in /usr/bin and /bin except xz.</summary>
    private static string ToolsWithoutXz(TempFolder work)
    {
        var folder = Path.Combine(work.Path, "tools");
        Directory.CreateDirectory(folder);
        foreach (var program in Directory.GetFiles("/usr/bin").Concat(Directory.GetFiles("/bin")))
        {
            var link = Path.Combine(folder, Path.GetFileName(program));
            if (Path.GetFileName(program) != "xz" && !File.Exists(link) && !Directory.Exists(link))
                File.CreateSymbolicLink(link, program);
        }
        return folder;
    }

    private static void WriteScript(string path, string text)
    {
        File.WriteAllText(path, text.ReplaceLineEndings("\n") + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static void Bash(string command)
    {
        using var process = Process.Start(
            new ProcessStartInfo("/bin/bash", ["-c", command]) { UseShellExecute = false }
        )!;
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }

    [Fact]
    public void Without_a_gpu_the_rehearsal_passes_with_every_cuda_test_skipped_and_leaves_its_logs()
    {
        using var work = new TempFolder();
        var outcome = Run(
            work,
            Results((Step, "Skip", "needs CUDA: this build runs on a CPU-only libtorch"), (Golden, "Skip", GoldenSkip)),
            gpu: false
        );
        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        Assert.Contains("gpu-check: 2 CUDA tests: 0 passed, 0 failed, 2 skipped", outcome.Stderr);
        Assert.Contains("passed: the CUDA tests (all skipped: no GPU)", outcome.Stderr);
        Assert.Equal(["libLibTorchSharp.so", "run.log", "tests.log"], outcome.Files());
        Assert.Contains("rank 0/1 on cpu", outcome.Read("run.log"));
        Assert.Contains("passed: the CUDA tests", outcome.Read("run.log"));
    }

    [Fact]
    public void What_the_machine_has_is_the_first_thing_the_log_says()
    {
        using var work = new TempFolder();
        var outcome = Run(work, Results((Step, "Pass", "")), gpu: true);
        var log = outcome.Read("run.log").Split('\n');
        Assert.StartsWith("gpu-check: found: python /usr/bin/python3 (Python 3.", log[0]);
        Assert.StartsWith("gpu-check: found: torch ", log[1]);
        Assert.Matches(@"^gpu-check: found: nvcc .*; cmake .*; c\+\+ .*; ninja .*; xz /usr/bin/xz \(", log[2]);
        Assert.Equal("gpu-check: found: GPU NVIDIA H200, 580.0", log[3]);
        Assert.Matches(
            @"^gpu-check: found: \d+ cores, \d+ GiB memory, \S+ free on \S+ \(work\), \S+ free on \S+ \(out\)$",
            log[4]
        );
        // The default budget leaves 30 s of the device's 600 s command for the table and the files' return.
        Assert.Matches(@"unpacking into .* \(budget 570 s, results in ", log[5]);
    }

    [Fact]
    public void Without_xz_the_pack_is_unpacked_with_pythons_lzma()
    {
        using var work = new TempFolder();
        var outcome = Run(work, Results((Step, "Pass", "")), gpu: true, withoutXz: true);
        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        Assert.Contains("xz not found", outcome.Read("run.log"));
        Assert.Contains("gpu-check: no xz here: unpacking with Python's lzma", outcome.Stderr);
        Assert.Contains("pack of commit fake", outcome.Stderr);
    }

    [Fact]
    public void A_gpu_list_longer_than_a_pipe_holds_still_counts_the_gpu()
    {
        using var work = new TempFolder();
        var outcome = Run(work, Results((Step, "Pass", "")), gpu: true, gpuListLines: 20000);
        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        Assert.Contains("GPU: GPU 0: NVIDIA H200 (UUID: GPU-0)", outcome.Stderr);
        Assert.DoesNotContain("a rehearsal", outcome.Stderr);
        Assert.True(File.Exists(outcome.File("table.txt")), outcome.Stderr);
    }

    [Fact]
    public void The_python_named_runs_the_verdict_and_the_reference_bench()
    {
        using var work = new TempFolder();
        var calls = work.File("python-calls.txt");
        var python = work.File("venv", "bin", "python3");
        WriteScript(python, $"#!/bin/sh\necho \"$*\" >> '{calls}'\nexec python3 \"$@\"\n");
        var outcome = Run(work, Results((Step, "Pass", "")), gpu: true, ["--python", python]);
        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        Assert.StartsWith($"gpu-check: found: python {python} (Python 3.", outcome.Read("run.log"));
        var called = File.ReadAllText(calls);
        Assert.Contains("gpu_bench_reference.py --reference", called);
        Assert.Contains("- ", called);
    }

    [Fact]
    public void With_a_gpu_visible_a_skipped_cuda_test_fails_the_check_with_its_reason()
    {
        using var work = new TempFolder();
        var outcome = Run(
            work,
            Results((Step, "Skip", "needs CUDA: libtorch sees no CUDA device"), (Golden, "Skip", GoldenSkip)),
            gpu: true
        );
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains(
            $"gpu-check: SKIPPED with a GPU visible, which fails the check: {Step}: needs CUDA: libtorch sees no "
                + $"CUDA device",
            outcome.Stderr
        );
        Assert.DoesNotContain($"check: {Golden}", outcome.Stderr);
        Assert.Contains("FAILED: the CUDA tests did not pass", outcome.Read("run.log"));
    }

    [Fact]
    public void With_a_gpu_visible_only_the_golden_test_may_skip_and_the_table_compares_ours_with_pytorch()
    {
        using var work = new TempFolder();
        var outcome = Run(work, Results((Step, "Pass", ""), (Golden, "Skip", GoldenSkip)), gpu: true);
        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        Assert.Equal(
            ["libLibTorchSharp.so", "ours.tsv", "pytorch.tsv", "run.log", "table.txt", "tests.log"],
            outcome.Files()
        );
        var table = outcome.Read("table.txt");
        Assert.StartsWith("GPU: NVIDIA H200, 580.0; PyTorch 2.11.0+cu130 CUDA 13.0; commit fake\n", table);
        Assert.Matches(@"glif_fused_ms +2\.000 ms +4\.000 +2\.00x", table);
        Assert.Matches(@"r18cw_t2_b64_step_s +0\.250 s +0\.500 +2\.00x", table);
        Assert.Contains("fused GLIF layer: 4.0x faster than the unrolled one (4.0x with --amp)", table);
    }

    [Fact]
    public void Given_a_golden_folder_the_golden_test_may_not_skip()
    {
        using var work = new TempFolder();
        Directory.CreateDirectory(Path.Combine(work.Path, "golden"));
        var outcome = Run(
            work,
            Results((Step, "Pass", ""), (Golden, "Skip", GoldenSkip)),
            gpu: true,
            ["--golden", Path.Combine(work.Path, "golden")]
        );
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains($"SKIPPED with a GPU visible, which fails the check: {Golden}", outcome.Stderr);
    }

    [Fact]
    public void A_failed_test_fails_the_check_with_its_message()
    {
        using var work = new TempFolder();
        var outcome = Run(work, Results((Step, "Fail", "loss: CPU 2.3, CUDA 2.9\nat line 3")), gpu: true);
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains($"gpu-check: FAILED {Step}: loss: CPU 2.3, CUDA 2.9", outcome.Stderr);
    }

    [Fact]
    public void A_budget_for_the_tests_and_one_bench_drops_the_reference_bench()
    {
        using var work = new TempFolder();
        var outcome = Run(work, Results((Step, "Pass", "")), gpu: true, ["--budget", "330"]);
        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        Assert.Contains("gpu-check: dropped the reference's bench", outcome.Stderr);
        Assert.DoesNotContain("dropped bench --device cuda", outcome.Stderr);
        Assert.True(File.Exists(outcome.File("ours.tsv")), outcome.Stderr);
        Assert.Matches(@"glif_fused_ms +2\.000 ms +- +-", outcome.Read("table.txt"));
    }

    [Fact]
    public void A_budget_for_the_tests_alone_drops_both_benches()
    {
        using var work = new TempFolder();
        var outcome = Run(work, Results((Step, "Pass", "")), gpu: true, ["--budget", "200"]);
        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        Assert.Contains("gpu-check: dropped bench --device cuda", outcome.Stderr);
        Assert.Contains("gpu-check: dropped the reference's bench", outcome.Stderr);
        Assert.False(File.Exists(outcome.File("ours.tsv")));
    }

    [Fact]
    public void A_budget_too_small_for_the_tests_fails_the_check()
    {
        using var work = new TempFolder();
        var outcome = Run(work, Results((Step, "Pass", "")), gpu: true, ["--budget", "60"]);
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("gpu-check: dropped the CUDA tests: it takes about 120 s, and ", outcome.Stderr);
        Assert.False(File.Exists(outcome.File("tests.log")));
    }

    [Fact]
    public void A_library_the_bridge_needs_and_the_loader_cannot_find_stops_the_run_naming_it()
    {
        using var work = new TempFolder();
        var outcome = Run(work, Results((Step, "Pass", "")), gpu: true, missingLibrary: "libcudnn_graph.so.9");
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains(
            "gpu-check: the bridge needs libcudnn_graph.so.9, which the loader cannot find on LD_LIBRARY_PATH (above)",
            outcome.Stderr
        );
        Assert.False(File.Exists(outcome.File("tests.log")));
        Assert.Contains("libcudnn_graph.so.9 => not found", outcome.Read("run.log"));
    }

    [Fact]
    public void The_tests_run_with_every_nvidia_wheel_library_on_the_path_and_without_icu()
    {
        using var work = new TempFolder();
        var outcome = Run(work, Results((Step, "Pass", "")), gpu: true);
        var site = Path.Combine(work.Path, "site-packages");
        Assert.Contains(
            $"LD_LIBRARY_PATH={site}/torch/lib:{site}/nvidia/cudnn/lib:{site}/nvidia/nccl/lib "
                + $"DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1",
            outcome.Read("tests.log")
        );
    }

    [Fact]
    public void A_run_killed_at_its_limit_leaves_its_log_and_the_bridge()
    {
        using var work = new TempFolder();
        var outcome = Run(work, Results((Step, "Pass", "")), gpu: true, killAfterSeconds: 4);
        Assert.Equal(137, outcome.ExitCode);
        Assert.Contains("CUDA tests (log: ", outcome.Read("run.log"));
        Assert.True(File.Exists(outcome.File("libLibTorchSharp.so")));
    }

    [Theory]
    [InlineData("--budget", "0", "gpu-check: --budget 0: expected seconds, a positive whole number")]
    [InlineData("--bridge-patch", "/no/such.patch", "gpu-check: --bridge-patch /no/such.patch: no such file")]
    [InlineData("--golden", "/no/such/folder", "gpu-check: --golden /no/such/folder: no such folder")]
    public void A_bad_argument_is_one_error_naming_it(string flag, string value, string expected)
    {
        using var work = new TempFolder();
        var outcome = Run(work, Results(), gpu: false, [flag, value]);
        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal(expected, outcome.Stderr.Trim());
    }

    [Fact]
    public void A_bridge_patch_with_a_built_bridge_is_refused()
    {
        using var work = new TempFolder();
        var patch = work.File("fix.patch");
        File.WriteAllText(patch, "");
        var outcome = Run(work, Results(), gpu: false, ["--bridge-patch", patch]);
        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal(
            "gpu-check: --bridge-patch patches a bridge build, and --bridge skips it: give one of them",
            outcome.Stderr.Trim()
        );
    }
}
