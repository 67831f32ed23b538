using System.Buffers.Binary;
using System.Text;
using Razorvine.Pickle;

namespace GatedLif.Data.Datasets.Pickling;

/// <summary>A 2-D uint8 array to be pickled as a numpy ndarray.</summary>
internal sealed record NumpyUInt8Matrix(byte[] Data, int Rows, int Columns);

/// <summary>
/// Pickles a <see cref="NumpyUInt8Matrix"/> exactly as numpy 1.x does under Python 3:
/// <c>_reconstruct(ndarray, (0,), b'b')</c>, then BUILD with <c>(1, shape, dtype('u1'), False, bytes)</c>.
/// numpy 1 and 2 both load this. The raw data goes out as one BINBYTES opcode, not through Razorvine's own
/// byte[] handling, which would write a latin-1 text string twice the size.
/// </summary>
internal sealed class NumpyMatrixPickler : IObjectPickler
{
    private const byte Mark = (byte)'(';
    private const byte Global = (byte)'c';
    private const byte Reduce = (byte)'R';
    private const byte Build = (byte)'b';
    private const byte Tuple = (byte)'t';
    private const byte Tuple1 = 0x85;
    private const byte Tuple2 = 0x86;
    private const byte Tuple3 = 0x87;
    private const byte NewTrue = 0x88;
    private const byte NewFalse = 0x89;
    private const byte None = (byte)'N';
    private const byte BinInt = (byte)'J';
    private const byte BinUnicode = (byte)'X';
    private const byte BinBytes = (byte)'B';

    public void pickle(object o, Stream outs, Pickler currentPickler)
    {
        var matrix = (NumpyUInt8Matrix)o;
        WriteGlobal(outs, "numpy.core.multiarray", "_reconstruct");
        WriteGlobal(outs, "numpy", "ndarray");
        WriteInt(outs, 0);
        outs.WriteByte(Tuple1);
        WriteBytes(outs, "b"u8);
        outs.WriteByte(Tuple3);
        outs.WriteByte(Reduce);

        outs.WriteByte(Mark);
        WriteInt(outs, 1); // ndarray state version
        WriteInt(outs, matrix.Rows);
        WriteInt(outs, matrix.Columns);
        outs.WriteByte(Tuple2);
        WriteUInt8Dtype(outs);
        outs.WriteByte(NewFalse); // is_fortran
        WriteBytes(outs, matrix.Data);
        outs.WriteByte(Tuple);
        outs.WriteByte(Build);
    }

    /// <summary><c>dtype('u1', False, True)</c> with state <c>(3, '|', None, None, None, -1, -1, 0)</c>, as numpy
    /// writes it.</summary>
    private static void WriteUInt8Dtype(Stream outs)
    {
        WriteGlobal(outs, "numpy", "dtype");
        WriteString(outs, "u1");
        outs.WriteByte(NewFalse);
        outs.WriteByte(NewTrue);
        outs.WriteByte(Tuple3);
        outs.WriteByte(Reduce);
        outs.WriteByte(Mark);
        WriteInt(outs, 3);
        WriteString(outs, "|");
        outs.WriteByte(None);
        outs.WriteByte(None);
        outs.WriteByte(None);
        WriteInt(outs, -1);
        WriteInt(outs, -1);
        WriteInt(outs, 0);
        outs.WriteByte(Tuple);
        outs.WriteByte(Build);
    }

    private static void WriteGlobal(Stream outs, string module, string name)
    {
        outs.WriteByte(Global);
        outs.Write(Encoding.ASCII.GetBytes($"{module}\n{name}\n"));
    }

    private static void WriteInt(Stream outs, int value)
    {
        outs.WriteByte(BinInt);
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(buffer, value);
        outs.Write(buffer);
    }

    private static void WriteString(Stream outs, string value) =>
        WriteSized(outs, BinUnicode, Encoding.UTF8.GetBytes(value));

    private static void WriteBytes(Stream outs, ReadOnlySpan<byte> value) => WriteSized(outs, BinBytes, value);

    private static void WriteSized(Stream outs, byte opcode, ReadOnlySpan<byte> value)
    {
        outs.WriteByte(opcode);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, value.Length);
        outs.Write(length);
        outs.Write(value);
    }
}
