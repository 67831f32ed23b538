using System.Buffers.Binary;
using System.Text;

namespace GatedLif.Tests.Data.Datasets;

/// <summary>
/// Assembles pickle opcodes by hand, to produce files like the original CIFAR ones (written by Python 2, whose str is
/// a byte string) and like Python 3 files with bytes keys, without needing Python or numpy.
/// </summary>
internal sealed class PickleBuilder
{
    private readonly MemoryStream stream = new();

    /// <summary>
    /// A CIFAR batch dict as Python 2 cPickle wrote it: str keys (SHORT_BINSTRING) and the numpy array's raw data
    /// as a str (BINSTRING). With <paramref name="python3Bytes"/>, keys and data are Python 3 bytes instead.
    /// </summary>
    public static byte[] CifarBatch(
        byte[] data,
        long[] shape,
        IEnumerable<int> labels,
        string labelsKey = "labels",
        string dtype = "u1",
        bool python3Bytes = false
    )
    {
        var p = new PickleBuilder();
        p.Proto2().Op('}').Op('(');
        p.Text("batch_label", python3Bytes).Text("testing batch 1 of 1", python3Bytes);
        p.Text(labelsKey, python3Bytes).IntList(labels);
        p.Text("data", python3Bytes).NumpyArray(shape, dtype, data, python3Bytes);
        return p.Op('u').Op('.').ToArray();
    }

    public PickleBuilder Proto2() => Op(0x80).Op(2);

    public PickleBuilder Op(char opcode) => Op((byte)opcode);

    public PickleBuilder Op(byte opcode)
    {
        stream.WriteByte(opcode);
        return this;
    }

    /// <summary>Python 2 str (SHORT_BINSTRING), or Python 3 bytes (SHORT_BINBYTES).</summary>
    public PickleBuilder Text(string ascii, bool asPython3Bytes = false)
    {
        var bytes = Encoding.ASCII.GetBytes(ascii);
        Op(asPython3Bytes ? 'C' : 'U').Op((byte)bytes.Length);
        stream.Write(bytes);
        return this;
    }

    public PickleBuilder Int(int value)
    {
        Op('J');
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(buffer, value);
        stream.Write(buffer);
        return this;
    }

    public PickleBuilder IntList(IEnumerable<int> values)
    {
        Op(']').Op('(');
        foreach (int v in values)
        {
            Int(v);
        }

        return Op('e');
    }

    /// <summary><c>_reconstruct(ndarray, (0,), 'b')</c> then BUILD with <c>(1, shape, dtype, False,
    /// rawdata)</c>.</summary>
    public PickleBuilder NumpyArray(long[] shape, string dtype, byte[] raw, bool python3Bytes)
    {
        Global("numpy.core.multiarray", "_reconstruct").Global("numpy", "ndarray");
        Int(0).Op(0x85).Text("b", python3Bytes).Op(0x87).Op('R');
        Op('(').Int(1);
        Op('(');
        foreach (long d in shape)
        {
            Int((int)d);
        }

        Op('t');
        Global("numpy", "dtype").Text(dtype, python3Bytes).Op(0x89).Op(0x88).Op(0x87).Op('R');
        Op('(').Int(3).Text("|", python3Bytes).Op('N').Op('N').Op('N').Int(-1).Int(-1).Int(0).Op('t').Op('b');
        Op(0x89);
        // BINSTRING (Python 2 str) or BINBYTES (Python 3 bytes), both with a 4-byte length.
        Op(python3Bytes ? 'B' : 'T');
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, raw.Length);
        stream.Write(length);
        stream.Write(raw);
        return Op('t').Op('b');
    }

    public PickleBuilder Global(string module, string name)
    {
        Op('c');
        stream.Write(Encoding.ASCII.GetBytes($"{module}\n{name}\n"));
        return this;
    }

    /// <summary>An integer of any size as LONG1 (little-endian two's complement), as Python pickles those past 32
    /// bits.</summary>
    public PickleBuilder Long(System.Numerics.BigInteger value)
    {
        var bytes = value.ToByteArray();
        Op(0x8A).Op((byte)bytes.Length);
        stream.Write(bytes);
        return this;
    }

    /// <summary>Python 3 str (SHORT_BINUNICODE is protocol 4; BINUNICODE with a 4-byte length works at protocol
    /// 2).</summary>
    public PickleBuilder Unicode(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Op('X');
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
        stream.Write(length);
        stream.Write(bytes);
        return this;
    }

    /// <summary>The same opcodes <paramref name="count"/> times.</summary>
    public PickleBuilder Repeat(int count, params byte[] opcodes)
    {
        for (int i = 0; i < count; i++)
        {
            stream.Write(opcodes);
        }

        return this;
    }

    public byte[] ToArray() => stream.ToArray();
}
