using GatedLif.Cli.CommandLine;
using GatedLif.Cli.Hosting;

namespace GatedLif.Cli.Launching;

/// <summary>
/// <c>gatedlif launch [launcher options] [--] arguments</c> (ours, after torchrun): starts the processes of one node
/// of a multi-process job; <c>scripts/launch.sh</c> runs it.
/// </summary>
public static class LaunchCommand
{
    public const string Name = "launch";

    public static int Run(string[] args, CliConsole console)
    {
        var (launcherArgs, programArgs) = LaunchOptions.Split(args);
        var command = LaunchOptions.Command();
        if (CommandParsing.AsksForHelp(launcherArgs))
            return CommandTree.Parse(command, launcherArgs).Invoke(console.Invocation);
        var options = LaunchOptions.From(
            CommandParsing.ThrowOnErrors(CommandTree.Parse(command, launcherArgs)),
            programArgs
        );
        return new JobSupervisor(options).Run();
    }
}
