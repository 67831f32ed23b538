using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using GatedLif.Cli.CommandLine;

namespace GatedLif.Cli.Launching;

/// <summary>
/// Node 0's listener on the master port, for every rank of every node (PMI-1, first line <c>cmd=initack</c>) and
/// for the other nodes' launchers (first line <c>cmd=node_hello</c>). The port is open to anyone who can reach it, so
/// nothing a connection sends can stop the listener: a first line must come within <see cref="FirstLineTimeout"/>,
/// at most <see cref="MaxUnidentified"/> connections may be waiting for theirs, and whoever does not present the
/// job's token (<see cref="JobToken"/>) is turned away with a line on stderr.
/// </summary>
public sealed class MasterServer : IDisposable
{
    /// <summary>A rank sends its first line as soon as it connects, in MPI_Init; a node's launcher likewise.</summary>
    public static readonly TimeSpan FirstLineTimeout = TimeSpan.FromSeconds(30);

    public const int MaxUnidentified = 256;

    private readonly TcpListener _listener;
    private readonly PmiServer _pmi;
    private readonly LaunchOptions _options;
    private readonly ChannelWriter<JobEvent> _events;
    private int _unidentified;

    private MasterServer(TcpListener listener, LaunchOptions options, ChannelWriter<JobEvent> events)
    {
        _listener = listener;
        _options = options;
        _events = events;
        _pmi = new PmiServer(options);
        _ = AcceptAsync();
    }

    /// <summary>The port it listens on (the one asked for, or the one the system chose for port 0).</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public static MasterServer Start(LaunchOptions options, ChannelWriter<JobEvent> events)
    {
        // Every interface, as torchrun's store: other nodes reach it at whatever address --master-addr names.
        var listener = new TcpListener(IPAddress.Any, options.MasterPort);
        try
        {
            listener.Start();
        }
        catch (SocketException e)
            when (e.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
        {
            throw new UsageException(
                $"--master-port {options.MasterPort} cannot be used on node 0: {e.Message}; choose a free port"
            );
        }
        if (options.Nnodes > 1 && !options.JobToken.IsSecret)
            Console.Error.WriteLine(
                $"gatedlif launch: {JobToken.Variable} is not set, so anyone who knows this job's settings can join "
                    + $"it on port {options.MasterPort}; set it to the same secret on every node to keep strangers out"
            );
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
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
                when (e.SocketErrorCode is SocketError.OperationAborted or SocketError.Interrupted)
            {
                return;
            }
            catch (SocketException)
            {
                // A client that reset its connection before it was accepted; the listener itself is fine.
                continue;
            }
            if (Interlocked.Increment(ref _unidentified) > MaxUnidentified)
            {
                Interlocked.Decrement(ref _unidentified);
                client.Dispose();
                continue;
            }
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        bool keep = false,
            identified = false;
        LineConnection? connection = null;
        try
        {
            connection = new LineConnection(client);
            string? first;
            using (var silence = new CancellationTokenSource(FirstLineTimeout))
                first = await connection.ReadLineAsync(silence.Token);
            Identified(ref identified);
            if (first is null)
            {
                Turned(
                    client,
                    connection.Overlong
                        ? $"its first line is longer than {LineConnection.MaxLineBytes} bytes"
                        : $"it sent no line within {FirstLineTimeout.TotalSeconds:F0} s or closed"
                );
                return;
            }
            var line = WireLine.Parse(first);
            if (line.Command == "initack")
                await _pmi.ServeAsync(connection, line, reason => Turned(client, reason));
            else if (NodeLink.IsHello(line))
                keep = await NodeLink.AcceptAsync(connection, line, _options, _events, reason =>
                    Turned(client, reason)
                );
            else
                Turned(client, $"it began with '{Shown(first)}'");
        }
        catch (Exception e)
            when (e is InvalidOperationException or IOException or SocketException or ObjectDisposedException)
        {
            // The client went away between accepting and reading; nothing of the job depends on it.
        }
        finally
        {
            Identified(ref identified);
            // A node's link is closed by the supervisor (it may still send a stop on it).
            if (!keep)
            {
                connection?.Dispose();
                client.Dispose();
            }
        }
    }

    private void Identified(ref bool identified)
    {
        if (!identified)
            Interlocked.Decrement(ref _unidentified);
        identified = true;
    }

    private static void Turned(TcpClient client, string reason)
    {
        string from = client.Client.RemoteEndPoint is { } peer ? $" from {peer}" : "";
        Console.Error.WriteLine($"gatedlif launch: turned away a connection to the master port{from}: {reason}");
    }

    /// <summary>A stranger's line as it may be printed: short, and without control characters.</summary>
    private static string Shown(string line) =>
        new((line.Length > 80 ? line[..80] + "..." : line).Select(c => char.IsControl(c) ? '?' : c).ToArray());

    public void Dispose() => _listener.Stop();
}
