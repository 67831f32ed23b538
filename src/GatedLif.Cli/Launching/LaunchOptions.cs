using System.CommandLine;
using System.Reflection;
using GatedLif.Cli.CommandLine;

namespace GatedLif.Cli.Launching;

/// <summary>
/// What <c>gatedlif launch</c> starts: torchrun's layout (<c>--nproc-per-node</c> processes on each of
/// <c>--nnodes</c> nodes, node <c>--node-rank</c> here, node 0 reachable at <c>--master-addr:--master-port</c>),
/// the program of every process, and the arguments passed to each unchanged.
/// </summary>
public sealed record LaunchOptions(
    int NprocPerNode,
    int Nnodes,
    int NodeRank,
    string MasterAddr,
    int MasterPort,
    IReadOnlyList<string> Program,
    IReadOnlyList<string> Arguments,
    int JoinTimeoutSeconds = LaunchOptions.DefaultJoinTimeout,
    JobToken? Token = null
)
{
    public int WorldSize => Nnodes * NprocPerNode;

    /// <summary>What every rank and node presents to join (<see cref="Launching.JobToken"/>).</summary>
    public JobToken JobToken { get; } = Token ?? JobToken.For(Nnodes, MasterAddr, MasterPort, NprocPerNode);

    /// <summary>torchrun's rendezvous join timeout.</summary>
    public const int DefaultJoinTimeout = 600;

    private static readonly Option<int> NprocOption = Value(
        "--nproc-per-node",
        1,
        "Processes (ranks) started on this node."
    );
    private static readonly Option<int> NnodesOption = Value(
        "--nnodes",
        1,
        "Nodes taking part; each runs its own launcher."
    );
    private static readonly Option<int> NodeRankOption = Value(
        "--node-rank",
        0,
        "This node's rank (0 runs the rendezvous server)."
    );
    private static readonly Option<string> MasterAddrOption = Value(
        "--master-addr",
        "127.0.0.1",
        "Address of node 0, reachable from every node."
    );
    private static readonly Option<int> MasterPortOption = Value(
        "--master-port",
        29500,
        "Free TCP port on node 0 for the rendezvous (MPI process manager)."
    );
    private static readonly Option<int> JoinTimeoutOption = Value(
        "--join-timeout",
        DefaultJoinTimeout,
        "Seconds node 0 waits for the other nodes' launchers before it ends the job."
    );
    private static readonly Option<string?> RunOption = new("--run")
    {
        Description =
            "Executable started for each rank (default: this gatedlif program, given the arguments "
            + "as its command line).",
    };

    /// <summary>The launcher's options, each taking a value.</summary>
    private static readonly Option[] All =
    [
        NprocOption,
        NnodesOption,
        NodeRankOption,
        MasterAddrOption,
        MasterPortOption,
        JoinTimeoutOption,
        RunOption,
    ];

    public const string Summary =
        "Start a multi-process job, torchrun's counterpart: --nproc-per-node processes on each of --nnodes nodes.";

    public static Command Command()
    {
        var command = CommandTree.Subcommand(
            LaunchCommand.Name,
            "Starts --nproc-per-node processes with torchrun's environment (RANK, LOCAL_RANK, "
                + "WORLD_SIZE, ...) and acts as "
                + "their MPI process manager; everything after the launcher options (or after --) goes to each "
                + "process unchanged."
        );
        foreach (var option in All)
            command.Options.Add(option);
        // Shown in the help only: Split hands the parser the launcher's part of the command line alone.
        command.Arguments.Add(
            new Argument<string[]>("arguments")
            {
                Arity = ArgumentArity.ZeroOrMore,
                Description = "The command line of each process (gatedlif's flags, or --run's program's).",
            }
        );
        return command;
    }

    /// <summary>
    /// Splits the command line at the first argument that is not a launcher option (or at <c>--</c>), so that the
    /// program's own flags, even ones spelled like ours, are never taken by the launcher.
    /// </summary>
    public static (string[] Launcher, string[] Program) Split(string[] args)
    {
        int i = 0;
        while (i < args.Length)
        {
            string name = args[i].Split('=', 2)[0];
            if (args[i] == "--")
                return (args[..i], args[(i + 1)..]);
            if (All.Any(o => o.Name == name || o.Aliases.Contains(name)))
                i += args[i].Contains('=') ? 1 : 2;
            else if (CommandParsing.AsksForHelp([args[i]]))
                i++;
            else
                break;
        }
        i = Math.Min(i, args.Length);
        return (args[..i], args[i..]);
    }

    public static LaunchOptions From(ParseResult parsed, string[] arguments)
    {
        int nproc = parsed.GetValue(NprocOption),
            nnodes = parsed.GetValue(NnodesOption);
        int nodeRank = parsed.GetValue(NodeRankOption),
            port = parsed.GetValue(MasterPortOption);
        if (nproc < 1)
            throw new UsageException($"--nproc-per-node must be at least 1 (got {nproc})");
        if (nnodes < 1)
            throw new UsageException($"--nnodes must be at least 1 (got {nnodes})");
        if (nodeRank < 0 || nodeRank >= nnodes)
            throw new UsageException($"--node-rank must be in 0..{nnodes - 1} for --nnodes {nnodes} (got {nodeRank})");
        if (port is < 1 or > 65535)
            throw new UsageException($"--master-port must be in 1..65535 (got {port})");
        int joinTimeout = parsed.GetValue(JoinTimeoutOption);
        if (joinTimeout < 1)
            throw new UsageException($"--join-timeout must be at least 1 second (got {joinTimeout})");
        string address = parsed.GetValue(MasterAddrOption)!;
        if (string.IsNullOrWhiteSpace(address))
            throw new UsageException("--master-addr must not be empty");
        var run = parsed.GetValue(RunOption);
        if (run is not null && string.IsNullOrWhiteSpace(run))
            throw new UsageException("--run must name a program");
        return new LaunchOptions(
            nproc,
            nnodes,
            nodeRank,
            address,
            port,
            run is null ? ThisProgram() : [run],
            arguments,
            joinTimeout
        );
    }

    /// <summary>This gatedlif program as it was started: the dotnet host and the entry assembly, or an apphost
    /// alone.</summary>
    private static string[] ThisProgram()
    {
        string host = Environment.ProcessPath
            ?? throw new InvalidOperationException("the path of this program is unknown");
        string assembly = Assembly.GetEntryAssembly()?.Location ?? "";
        return Path.GetFileNameWithoutExtension(host) == "dotnet" && assembly.Length > 0 ? [host, assembly] : [host];
    }

    private static Option<T> Value<T>(string name, T defaultValue, string description)
    {
        var option = CommandParsing.Value(name, defaultValue, description);
        // torchrun's underscore spellings too, so its command lines carry over.
        option.Aliases.Add(name.Replace('-', '_').Replace("__", "--"));
        return option;
    }
}
