using System.CommandLine;

namespace GatedLif.Cli.CommandLine;

/// <summary>
/// The program's commands as System.CommandLine sees them: each of ours is a child of the program's root, so its
/// help and usage line name it (<c>gatedlif dvs [options]</c>), and is parsed through that root.
/// </summary>
public static class CommandTree
{
    public static Command Subcommand(string name, string description)
    {
        var command = new Command(name, description);
        new RootCommand().Subcommands.Add(command);
        return command;
    }

    /// <summary>Parses <paramref name="args"/> (the arguments after the command's name) as <paramref
    /// name="command"/>'s.</summary>
    public static ParseResult Parse(Command command, IEnumerable<string> args) =>
        command.Parents.OfType<RootCommand>().Single().Parse([command.Name, .. args]);
}
