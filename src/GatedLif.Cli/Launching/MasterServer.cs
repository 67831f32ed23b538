using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using GatedLif.Cli.CommandLine;

namespace GatedLif.Cli.Launching;

/// <summary>
/// Node 0's listener on the master port, for every rank of every node (PMI-1, first line <c>cmd=initack</c>) and
/// for the other nodes' launchers (first line <c>cmd=node_hello</c>).
/// </summary>
public sealed class MasterServer : IDisposable
{
    private readonly TcpListener _listener;
    private readonly PmiServer _pmi;
    private readonly LaunchOptions _options;
    private readonly ChannelWriter<JobEvent> _events;

    private MasterServer(TcpListener listener, LaunchOptions options, ChannelWriter<JobEvent> events)
    {
        _listener = listener;
        _options = options;
        _events = events;
        _pmi = new PmiServer(options);
        _ = AcceptAsync();
    }

    public static MasterServer Start(LaunchOptions options, ChannelWriter<JobEvent> events)
    {
        // Every interface, as torchrun's store: other nodes reach it at whatever address --master-addr names.
        var listener = new TcpListener(IPAddress.Any, options.MasterPort);
        try
        {
            listener.Start();
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
        {
            throw new UsageException($"--master-port {options.MasterPort} cannot be used on node 0: {e.Message}; choose a free port");
        }
        return new MasterServer(listener, options, events);
    }

    private async Task AcceptAsync()
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = ServeAsync(new LineConnection(client));
        }
    }

    private async Task ServeAsync(LineConnection connection)
    {
        bool keep = false;
        try
        {
            if (await connection.ReadLineAsync() is not { } first) return;
            var line = WireLine.Parse(first);
            if (line.Command == "initack")
                await _pmi.ServeAsync(connection, line);
            else if (NodeLink.IsHello(line))
            {
                keep = true;
                await NodeLink.AcceptAsync(connection, line, _options, _events);
            }
            else
                Console.Error.WriteLine($"gatedlif launch: ignored a connection to the master port that began with '{first}'");
        }
        finally
        {
            // A node's link is closed by the supervisor (it may still send a stop on it).
            if (!keep) connection.Dispose();
        }
    }

    public void Dispose() => _listener.Stop();
}
