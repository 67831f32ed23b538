using System.Net.Sockets;
using System.Text;

namespace GatedLif.Cli.Launching;

/// <summary>
/// A TCP connection carrying newline-terminated lines (PMI-1 and the launchers' control lines). A line may be at most
/// <see cref="MaxLineBytes"/> long: the master port is open to anyone who can reach it, and a line that never ends
/// would otherwise grow until the launcher runs out of memory.
/// </summary>
public sealed class LineConnection : IDisposable
{
    /// <summary>Far above the longest line either side sends (a PMI put of a 1,024-byte value, an escaped error
    /// message).</summary>
    public const int MaxLineBytes = 64 * 1024;

    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(30);

    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly byte[] _buffer = new byte[4096];
    private readonly object _writeLock = new();
    private int _start,
        _end;

    public LineConnection(TcpClient client)
    {
        _client = client;
        _client.NoDelay = true;
        // A peer that never reads would otherwise block a send, and the lock with it, for ever.
        _client.SendTimeout = (int)SendTimeout.TotalMilliseconds;
        _stream = client.GetStream();
    }

    /// <summary>Whether reading stopped at a line longer than <see cref="MaxLineBytes"/>.</summary>
    public bool Overlong { get; private set; }

    /// <summary>The next line, or null when the other side has closed the connection, it broke, the line was too long
    /// (<see cref="Overlong"/>) or <paramref name="cancel"/> fired.</summary>
    public async Task<string?> ReadLineAsync(CancellationToken cancel = default)
    {
        var line = new MemoryStream();
        try
        {
            while (true)
            {
                int newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
                int take = (newline < 0 ? _end : newline) - _start;
                if (line.Length + take > MaxLineBytes)
                {
                    Overlong = true;
                    return null;
                }
                line.Write(_buffer, _start, take);
                if (newline >= 0)
                {
                    _start = newline + 1;
                    return Encoding.UTF8.GetString(line.GetBuffer(), 0, (int)line.Length).TrimEnd('\r');
                }
                _start = 0;
                _end = await _stream.ReadAsync(_buffer, cancel);
                if (_end == 0)
                    return null;
            }
        }
        catch (Exception e)
            when (e is IOException or ObjectDisposedException or SocketException or OperationCanceledException)
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
                _stream.Write(Encoding.UTF8.GetBytes(text.EndsWith('\n') ? text : text + "\n"));
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
