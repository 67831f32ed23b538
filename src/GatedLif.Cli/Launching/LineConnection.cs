using System.Net.Sockets;
using System.Text;

namespace GatedLif.Cli.Launching;

/// <summary>A TCP connection carrying newline-terminated lines (PMI-1 and the launchers' control lines).</summary>
public sealed class LineConnection : IDisposable
{
    private readonly TcpClient _client;
    private readonly StreamReader _reader;
    private readonly StreamWriter _writer;
    private readonly object _writeLock = new();

    public LineConnection(TcpClient client)
    {
        _client = client;
        _client.NoDelay = true;
        var stream = client.GetStream();
        var ascii = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        _reader = new StreamReader(stream, ascii);
        _writer = new StreamWriter(stream, ascii) { NewLine = "\n", AutoFlush = true };
    }

    /// <summary>The next line, or null when the other side has closed the connection (or it broke).</summary>
    public async Task<string?> ReadLineAsync(CancellationToken cancel = default)
    {
        try
        {
            return await _reader.ReadLineAsync(cancel);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
        {
            return null;
        }
    }

    /// <summary>Writes whole lines at once; false when the connection is gone.</summary>
    public bool Send(string text)
    {
        lock (_writeLock)
        {
            try
            {
                _writer.Write(text.EndsWith('\n') ? text : text + "\n");
                return true;
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
            {
                return false;
            }
        }
    }

    public void Dispose() => _client.Dispose();
}
