using GatedLif.Cli.Commands;
using GatedLif.Cli.Hosting;

// The process's own setup, before anything touches libtorch; in-process runs (tests) leave their host's alone.
OpenMpWaiting.SpinBriefly();
ComputeThreads.FitToCores();
NativeAllocator.KeepFreedMemory();
return GatedLifApp.Run(args, CliConsole.Process);
