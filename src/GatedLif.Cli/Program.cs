using GatedLif.Cli.Commands;
using GatedLif.Cli.Hosting;

// The process's own setup, before anything touches libtorch; in-process runs (tests) leave their host's alone.
OpenMpWaiting.SpinBriefly();
ComputeThreads.FitToCores();
NnpackProbe.TurnOffWhereUnsupported();
NativeAllocator.KeepFreedMemory();
if (GarbageCollectionStress.StartIfAsked(args) is { } stressError)
{
    Console.Error.WriteLine($"gatedlif: {stressError}");
    return 2;
}
return GatedLifApp.Run(args, CliConsole.Process);
