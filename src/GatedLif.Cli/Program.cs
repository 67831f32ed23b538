using GatedLif.Cli.Commands;
using GatedLif.Cli.Hosting;

ComputeThreads.FitToCores();
NativeAllocator.KeepFreedMemory();
return GatedLifApp.Run(args, CliConsole.Process);
