using GatedLif.Cli.CommandLine;
using GatedLif.Cli.Hosting;
using GatedLif.Distributed;
using static TorchSharp.torch;

namespace GatedLif.Cli.Commands;

/// <summary>
/// <c>collectives-check [--device D]</c>: run under the launcher, every rank joins the job's process group (MPI on
/// the CPU, NCCL on CUDA), all-reduces, broadcasts and meets at a barrier, checks the results it knows to expect,
/// and prints one line. The way to see that a machine (or a set of nodes) is ready before a long run. A single
/// process on CUDA checks NCCL too, as a communicator of one (training skips collectives for a world of one).
/// </summary>
public static class CollectivesCheckCommand
{
    public const string Name = "collectives-check";

    public static int Run(string[] args, CliConsole console)
    {
        string? deviceFlag = args.Length switch
        {
            0 => null,
            2 when args[0] == "--device" => args[1],
            _ => throw new UsageException($"{Name}: expected no arguments or --device cpu|cuda[:N]"),
        };
        var environment = WorldEnvironment.FromEnvironment();
        var device = ProcessGroup.DeviceFor(environment, DeviceChoice.Resolve(deviceFlag ?? "cpu"));
        if (!environment.IsDistributed && device.type == TorchSharp.DeviceType.CUDA)
        {
            using var nccl = new NcclCollectives(SingleProcess.Instance, device);
            return Check(nccl, device, console.Out);
        }
        return ProcessGroup.Run(environment, device, world => Check(world, device, console.Out));
    }

    private static int Check(ICollectives world, Device device, TextWriter output)
    {
        int n = world.WorldSize,
            r = world.Rank;

        using var summed = full(1 << 20, r + 1.0f, device: device);
        world.AllReduce(summed);
        bool sumOk = summed.eq(n * (n + 1) / 2.0f).all().item<bool>();

        using var averaged = full(3, (float)r, device: device);
        world.AllReduce(averaged, ReduceOp.Mean);
        bool meanOk = averaged.eq((n - 1) / 2.0f).all().item<bool>();

        using var broadcast = r == 0 ? arange(5, float32, device) : zeros(5, float32, device);
        world.Broadcast(broadcast, root: 0);
        using var expected = arange(5, float32, device);
        bool broadcastOk = broadcast.eq(expected).all().item<bool>();

        world.Barrier();
        bool ok = sumOk && meanOk && broadcastOk;
        output.WriteLine(
            $"rank {r}/{n} on {device} over {world.Backend}: all-reduce sum {Verdict(sumOk)}, "
                + $"mean {Verdict(meanOk)}, broadcast {Verdict(broadcastOk)}, barrier ok"
        );
        return ok ? 0 : GatedLifApp.Failure;
    }

    private static string Verdict(bool ok) => ok ? "ok" : "WRONG";
}
