using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Scripts;

/// <summary>
/// scripts/torch-backend.sh, which scripts/gatedlif, demo.sh and test.sh source: GATEDLIF_TORCH, else the backend of
/// the last build, else cuda where nvidia-smi lists a GPU and cpu otherwise, mapped to MSBuild properties and an
/// output folder of its own; a bad value or folder is one clear error.
/// </summary>
public sealed class TorchBackendScriptTests
{
    private static (int ExitCode, string Stdout, string Stderr) Resolve(
        TempFolder work,
        string? choice,
        string? remembered = null,
        bool gpuListed = false
    )
    {
        var record = work.File("record");
        if (remembered is not null)
            File.WriteAllText(record, remembered + "\n");
        // A PATH with the shell's tools and, where asked, an nvidia-smi that lists one GPU.
        var bin = work.File("bin", "nvidia-smi");
        if (gpuListed)
        {
            File.WriteAllText(bin, "#!/bin/sh\necho 'GPU 0: NVIDIA H200 (UUID: GPU-0)'\n");
            File.SetUnixFileMode(bin, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        }
        var info = ScriptProcess.Bash(
            "-c",
            """
            set -euo pipefail
            root="$1"
            source "$root/scripts/torch-backend.sh"
            torch_backend_record="$2"
            torch_backend_resolve
            echo "$torch_backend|$torch_backend_key|${torch_build_props[*]}|${torch_bin#$root/}"
            """,
            "torch-backend",
            RepoPaths.Root,
            record
        );
        info.Environment["PATH"] = $"{Path.GetDirectoryName(bin)}:/usr/bin:/bin";
        info.Environment.Remove("GATEDLIF_TORCH");
        if (choice is not null)
            info.Environment["GATEDLIF_TORCH"] = choice;
        var (exitCode, stdout, stderr) = ScriptProcess.Run(info);
        return (exitCode, stdout.Trim(), stderr.Trim());
    }

    [Theory]
    [InlineData("cpu", null, false, "cpu|cpu||src/GatedLif.Cli/bin/Release/net10.0")]
    [InlineData("cuda", null, false, "cuda|cuda|-p:GatedLifTorch=cuda|src/GatedLif.Cli/bin/cuda/Release/net10.0")]
    [InlineData(null, null, false, "cpu|cpu||src/GatedLif.Cli/bin/Release/net10.0")]
    [InlineData(null, null, true, "cuda|cuda|-p:GatedLifTorch=cuda|src/GatedLif.Cli/bin/cuda/Release/net10.0")]
    [InlineData(null, "cpu", true, "cpu|cpu||src/GatedLif.Cli/bin/Release/net10.0")]
    [InlineData(null, "cuda", false, "cuda|cuda|-p:GatedLifTorch=cuda|src/GatedLif.Cli/bin/cuda/Release/net10.0")]
    [InlineData("cpu", "cuda", true, "cpu|cpu||src/GatedLif.Cli/bin/Release/net10.0")]
    public void The_variable_then_the_last_build_then_nvidia_smi_choose_the_backend(
        string? choice,
        string? remembered,
        bool gpuListed,
        string expected
    )
    {
        using var work = new TempFolder();
        var (exitCode, stdout, stderr) = Resolve(work, choice, remembered, gpuListed);
        Assert.True(exitCode == 0, stderr);
        Assert.Equal(expected, stdout);
    }

    [Fact]
    public void An_unknown_backend_is_one_error_naming_the_choices()
    {
        using var work = new TempFolder();
        var (exitCode, stdout, stderr) = Resolve(work, "tpu");
        Assert.Equal(2, exitCode);
        Assert.Equal("", stdout);
        Assert.Equal(
            "GATEDLIF_TORCH=tpu: expected cpu, cuda or the path of an installed PyTorch (.../site-packages/torch)",
            stderr
        );
    }

    [Fact]
    public void A_folder_that_is_no_pytorch_is_one_error_naming_it()
    {
        using var work = new TempFolder();
        var folder = Path.Combine(work.Path, "not-torch");
        Directory.CreateDirectory(folder);
        var (exitCode, _, stderr) = Resolve(work, folder);
        Assert.Equal(1, exitCode);
        Assert.Equal($"torch-bridge: {folder}: not a PyTorch package folder (no lib/libtorch_cpu.so)", stderr);
    }

    [Fact]
    public void A_pytorch_too_old_for_the_bridge_is_refused_before_anything_is_built()
    {
        using var work = new TempFolder();
        var torch = Path.Combine(work.Path, "torch");
        File.WriteAllText(work.File("torch", "lib", "libtorch_cpu.so"), "");
        File.WriteAllText(work.File("torch", "share", "cmake", "Torch", "TorchConfig.cmake"), "");
        Directory.CreateDirectory(Path.Combine(torch, "include", "ATen"));
        File.WriteAllText(work.File("torch", "version.py"), "__version__ = '1.13.1+cu117'\n");
        var (exitCode, _, stderr) = Resolve(work, torch);
        Assert.Equal(1, exitCode);
        Assert.Equal(
            $"torch-bridge: PyTorch 1.13.1+cu117 at {torch} is too old: TorchSharp 0.107's bridge calls libtorch "
                + $"2.10's C++ API (known to work: 2.10)",
            stderr
        );
    }
}
