using System.Reflection;
using GatedLif.Build;
using GatedLif.Distributed;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Tests.Build;

/// <summary>
/// The TorchSharp.dll the program and the tests run on is the one build/HandleKeepAlive wove: every method that
/// hands native memory to libtorch keeps the owners of the handles alive until it returns, so a garbage collection
/// that another thread starts during a native call frees nothing the call still reads (issue 36). The stress cases
/// fail within a second on the package's own file (measured: after 3,875 to 74,556 calls; "Expected false to be
/// true" from Scalar::toFloat, or "Unknown scalar type"), and pass here.
/// </summary>
public sealed class TorchSharpHandleLifetimeTests
{
    private const int StressedCalls = 100_000,
        CallsPerScope = 100;

    /// <summary>BatchNorm2d's default eps.</summary>
    private const double BatchNormEpsilon = 0.00001;

    [Fact]
    public void The_TorchSharp_this_process_runs_on_is_woven_by_the_current_rule()
    {
        var marker = typeof(torch)
            .Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == KeepAliveWeaver.MarkerKey);

        Assert.True(
            marker is not null,
            $"{typeof(torch).Assembly.Location} is TorchSharp's own file, not the woven one"
        );
        Assert.Equal(KeepAliveWeaver.RuleVersion, marker.Value);
    }

    [Fact]
    public void Every_method_that_calls_native_code_keeps_its_owners_alive_and_the_package_file_does_not()
    {
        var woven = KeepAliveWeaver.Unkept(typeof(torch).Assembly.Location);
        var original = KeepAliveWeaver.Unkept(PackageFile());

        Assert.Empty(woven);
        // The check finds what it looks for: TorchSharp's own methods return without keeping their owners.
        Assert.Contains(original, m => m.Contains("TorchSharp.torch/Tensor::addcmul(", StringComparison.Ordinal));
        Assert.True(original.Count > 1000, $"only {original.Count} methods found unkept in the package's file");
    }

    [Fact]
    public void Weaving_a_woven_file_again_copies_it_unchanged()
    {
        using var folder = new TestSupport.TempFolder();
        var again = Path.Combine(folder.Path, "TorchSharp.dll");

        var result = KeepAliveWeaver.Weave(typeof(torch).Assembly.Location, again);

        Assert.True(result.AlreadyWoven);
        Assert.Equal(File.ReadAllBytes(typeof(torch).Assembly.Location), File.ReadAllBytes(again));
    }

    public static TheoryData<string> Operations =>
        ["addcmul with a number", "tensor plus tensor", "tensor times a number", "synchronised batch norm"];

    [Theory]
    [MemberData(nameof(Operations))]
    public void Operations_that_pass_temporary_owners_survive_collections_from_another_thread(string operation)
    {
        var x = randn(8, 16, 8, 8);
        var a = randn(1, 16, 1, 1);
        var b = randn(1, 16, 1, 1);
        var (mean, variance) = (zeros(16), ones(16));
        Func<Tensor> call = operation switch
        {
            "addcmul with a number" => () => b.addcmul(x, a, 2),
            "tensor plus tensor" => () => b + x,
            "tensor times a number" => () => x * 2.0,
            "synchronised batch norm" => () =>
                SyncBatchNormFunction.Normalize(
                    x,
                    a.view(16),
                    b.view(16),
                    mean,
                    variance,
                    0.1,
                    BatchNormEpsilon,
                    SingleProcess.Instance
                ),
            _ => throw new ArgumentException(operation),
        };
        var expected = call();
        int calls = operation == "synchronised batch norm" ? StressedCalls / 10 : StressedCalls;

        using var stress = new CollectionStress();
        for (int done = 0; done < calls; done += CallsPerScope)
        {
            using var scope = NewDisposeScope();
            Tensor last = expected;
            for (int i = 0; i < CallsPerScope; i++)
                last = call();
            Assert.True(
                last.eq(expected).all().item<bool>(),
                $"after {done + CallsPerScope} calls: a result differs from the first"
            );
        }
        Assert.True(stress.Collections > 10, $"only {stress.Collections} collections ran during the calls");
    }

    [Fact]
    public void A_copy_of_a_temporary_tensor_values_survives_collections_from_another_thread()
    {
        var x = randn(8, 16, 8, 8);
        var expected = (x * 2.0).data<float>().ToArray();

        using var stress = new CollectionStress();
        // No dispose scope: the temporary is held by nothing but the accessor that copies from its memory, and
        // collections free what nothing holds.
        for (int i = 0; i < StressedCalls / 20; i++)
            Assert.Equal(expected, (x * 2.0).data<float>().ToArray());
        Assert.True(stress.Collections > 10, $"only {stress.Collections} collections ran during the copies");
    }

    /// <summary>The package's own TorchSharp.dll, in the NuGet cache the build restored it to.</summary>
    private static string PackageFile()
    {
        var root = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } set
            ? set
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var version = typeof(torch).Assembly.GetName().Version!;
        var folder = Path.Combine(root, "torchsharp", $"{version.Major}.{version.Minor}.{version.Build}", "lib");
        var file = Directory.Exists(folder)
            ? Directory
                .GetFiles(folder, "TorchSharp.dll", SearchOption.AllDirectories)
                .OrderDescending()
                .FirstOrDefault()
            : null;
        Assert.True(file is not null, $"{folder}: no TorchSharp.dll (the package's file, restored by the build)");
        return file;
    }

    /// <summary>Another thread collecting garbage and running finalizers without pause, as
    /// GATEDLIF_GC_STRESS=0.</summary>
    private sealed class CollectionStress : IDisposable
    {
        private readonly Thread _thread;
        private volatile bool _stop;
        private int _collections;

        public CollectionStress()
        {
            _thread = new Thread(() =>
            {
                while (!_stop)
                {
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    Interlocked.Increment(ref _collections);
                }
            })
            {
                IsBackground = true,
                Name = "GC stress (test)",
            };
            _thread.Start();
        }

        public int Collections => Volatile.Read(ref _collections);

        public void Dispose()
        {
            _stop = true;
            _thread.Join();
        }
    }
}
