using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GatedLif.Tests.Data.Download;

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 and a free port. Each request is answered by the test's function and the
/// connection closed; raw sockets let a reply be cut off or stall, which a real server will not do on request.
/// Disposing stops the accept loop and releases stalled replies, so no test waits on it.
/// </summary>
internal sealed class LoopbackHttpServer : IDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentQueue<string> paths = new();
    private readonly Func<string, HttpReply> respond;
    private readonly Task acceptLoop;

    public LoopbackHttpServer(Func<string, HttpReply> respond)
    {
        this.respond = respond;
        listener.Start();
        acceptLoop = Task.Run(AcceptAsync);
    }

    public LoopbackHttpServer(HttpReply reply)
        : this(_ => reply) { }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>A base URL with a folder, as the real one has.</summary>
    public string BaseUrl => $"http://127.0.0.1:{Port}/kriz/";

    /// <summary>The path of every request received, in order.</summary>
    public IReadOnlyList<string> Paths => paths.ToArray();

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
        acceptLoop.Wait(TimeSpan.FromSeconds(5));
        stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop.Token);
            }
            // A test that makes no request can stop the listener before this loop first accepts: then the call finds
            // it not listening (seen under load), which ends the loop like a cancellation.
            catch (Exception e)
                when (e is OperationCanceledException or SocketException or ObjectDisposedException
                    || e is InvalidOperationException && stop.IsCancellationRequested
                )
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                string path = await ReadRequestPathAsync(stream);
                paths.Enqueue(path);
                await respond(path).WriteAsync(stream, stop.Token);
            }
            catch (Exception e)
                when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away or the test ended; either way this connection is done.
            }
        }
    }

    /// <summary>Reads up to the blank line ending the request headers and returns the path of "GET /path
    /// HTTP/1.1".</summary>
    private async Task<string> ReadRequestPathAsync(NetworkStream stream)
    {
        var headers = new StringBuilder();
        var buffer = new byte[1024];
        while (!headers.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            int read = await stream.ReadAsync(buffer, stop.Token);
            if (read == 0)
            {
                throw new IOException("The client closed the connection before sending a request.");
            }

            headers.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return headers.ToString().Split(' ', 3)[1];
    }
}
