using System.Globalization;
using System.Text;

namespace GatedLif.Tests.Data.Download;

/// <summary>What <see cref="LoopbackHttpServer"/> sends back: a status and body, possibly sent only in part.</summary>
internal sealed record HttpReply(int Status, string Reason, byte[] Body)
{
    /// <summary>When set, only this many body bytes are sent before the connection closes (or stalls).</summary>
    public int? SendOnly { get; init; }

    /// <summary>Sends no Content-Length, so the body ends when the connection closes.</summary>
    public bool OmitLength { get; init; }

    /// <summary>After sending, keeps the connection open and silent until the server is disposed.</summary>
    public bool Stall { get; init; }

    public static HttpReply Ok(byte[] body) => new(200, "OK", body);

    public static HttpReply NotFound() => new(404, "Not Found", Encoding.ASCII.GetBytes("<html>404 Not Found</html>"));

    public async Task WriteAsync(Stream stream, CancellationToken stop)
    {
        var head = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"HTTP/1.1 {Status} {Reason}\r\n"));
        if (!OmitLength)
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Length: {Body.Length}\r\n");
        }

        head.Append("Content-Type: application/octet-stream\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), stop);
        await stream.WriteAsync(Body.AsMemory(0, SendOnly ?? Body.Length), stop);
        await stream.FlushAsync(stop);
        if (Stall)
        {
            await Task.Delay(Timeout.Infinite, stop);
        }
    }
}
