using System.Net.Sockets;
using System.Threading.Channels;

namespace GatedLif.Cli.Launching;

/// <summary>
/// The control connection between the launcher of node 0 and that of another node, on node 0's master port: the
/// other node says hello, and later that its ranks ended (and how); node 0 may tell it to stop. When the
/// connection is lost, each side ends its ranks: no node keeps running for a job that has gone.
/// </summary>
public sealed class NodeLink : IDisposable
{
    private const string Hello = "node_hello",
        Exit = "node_exit",
        Stop = "stop";
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromMinutes(5);
    private readonly LineConnection _connection;

    private NodeLink(LineConnection connection, int nodeRank)
    {
        _connection = connection;
        NodeRank = nodeRank;
    }

    /// <summary>The node at the other end.</summary>
    public int NodeRank { get; }

    public static bool IsHello(WireLine line) => line.Command == Hello;

    /// <summary>Another node: connects to node 0 (waiting for it to start) and says which node this is.</summary>
    public static NodeLink Connect(LaunchOptions options, ChannelWriter<JobEvent> events)
    {
        var deadline = DateTime.UtcNow + ConnectTimeout;
        bool told = false;
        while (true)
        {
            var client = new TcpClient();
            try
            {
                client.Connect(options.MasterAddr, options.MasterPort);
                var link = new NodeLink(new LineConnection(client), 0);
                link._connection.Send(
                    WireLine.Format(
                        Hello,
                        ("node_rank", options.NodeRank),
                        ("nnodes", options.Nnodes),
                        ("nproc_per_node", options.NprocPerNode),
                        ("token", options.JobToken.NodeProof)
                    )
                );
                _ = link.ReadAsync(events);
                return link;
            }
            catch (SocketException e)
            {
                client.Dispose();
                if (DateTime.UtcNow > deadline)
                    throw new IOException(
                        $"node 0's launcher did not answer at {options.MasterAddr}:{options.MasterPort} within "
                            + $"{ConnectTimeout.TotalSeconds:F0} s ({e.Message})"
                    );
                if (!told)
                    Console.Error.WriteLine(
                        $"gatedlif launch: node {options.NodeRank} waiting for node 0 at "
                            + $"{options.MasterAddr}:{options.MasterPort}"
                    );
                told = true;
                Thread.Sleep(500);
            }
        }
    }

    /// <summary>
    /// Node 0: takes a connection whose first line was a hello. One without the job's token is a stranger or another
    /// job: it is told to stop and the job hears nothing of it. One of this job whose settings differ is refused and
    /// ends the job, since a node of it cannot take part.
    /// </summary>
    /// <returns>Whether the connection is kept (the supervisor closes it later).</returns>
    public static async Task<bool> AcceptAsync(
        LineConnection connection,
        WireLine hello,
        LaunchOptions options,
        ChannelWriter<JobEvent> events,
        Action<string> refuse
    )
    {
        var link = new NodeLink(connection, hello.GetInt("node_rank") ?? -1);
        if (hello.Get("token") != options.JobToken.NodeProof)
        {
            refuse(
                $"a node's launcher presented another job's token ({JobToken.Variable} differs, or "
                    + $"another job uses this port)"
            );
            link.SendStop($"node 0 at port {options.MasterPort} runs another job (its {JobToken.Variable} differs)");
            return false;
        }
        int node = link.NodeRank;
        string? misfit =
            node < 1 || node >= options.Nnodes ? $"node rank {node} is not in 1..{options.Nnodes - 1}"
            : hello.GetInt("nnodes") != options.Nnodes
                ? $"node {node} was started with --nnodes {hello.Get("nnodes")}, node 0 with {options.Nnodes}"
            : hello.GetInt("nproc_per_node") != options.NprocPerNode
                ? $"node {node} was started with --nproc-per-node {hello.Get("nproc_per_node")}, node 0 with "
                    + $"{options.NprocPerNode}"
            : null;
        if (misfit is not null)
        {
            link.SendStop(misfit);
            await events.WriteAsync(new JobEvent.NodeExited(node, misfit));
            return false;
        }
        await events.WriteAsync(new JobEvent.NodeJoined(link));
        _ = link.ReadAsync(events);
        return true;
    }

    public void SendExit(string? failure) =>
        _connection.Send(
            failure is null
                ? WireLine.Format(Exit, ("status", "ok"))
                : WireLine.Format(Exit, ("status", "failed"), ("message", WireLine.Text(failure)))
        );

    public void SendStop(string reason) => _connection.Send(WireLine.Format(Stop, ("message", WireLine.Text(reason))));

    private async Task ReadAsync(ChannelWriter<JobEvent> events)
    {
        while (await _connection.ReadLineAsync() is { } text)
        {
            var line = WireLine.Parse(text);
            if (line.Command == Exit)
                await events.WriteAsync(
                    new JobEvent.NodeExited(NodeRank, line.Get("status") == "ok" ? null : line.GetText("message"))
                );
            else if (line.Command == Stop)
                await events.WriteAsync(new JobEvent.StopRequested(line.GetText("message")));
        }
        await events.WriteAsync(new JobEvent.LinkLost(NodeRank));
    }

    public void Dispose() => _connection.Dispose();
}
