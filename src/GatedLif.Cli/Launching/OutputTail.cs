using System.Text;

namespace GatedLif.Cli.Launching;

/// <summary>The last bytes a process wrote to a stream, kept to show its last lines when it fails.</summary>
public sealed class OutputTail(int capacity = 8192)
{
    private readonly Queue<byte> _bytes = new();

    public void Add(ReadOnlySpan<byte> chunk)
    {
        lock (_bytes)
        {
            foreach (byte b in chunk[Math.Max(0, chunk.Length - capacity)..])
                _bytes.Enqueue(b);
            while (_bytes.Count > capacity)
                _bytes.Dequeue();
        }
    }

    public IReadOnlyList<string> LastLines(int count)
    {
        string text;
        lock (_bytes)
            text = Encoding.UTF8.GetString(_bytes.ToArray());
        // Progress bars redraw with '\r'; each redraw counts as a line.
        var lines = text.Split('\n', '\r').Where(l => l.Trim().Length > 0).ToArray();
        return lines[Math.Max(0, lines.Length - count)..];
    }
}
