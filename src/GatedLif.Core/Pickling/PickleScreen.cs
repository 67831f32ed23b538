using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace GatedLif.Pickling;

/// <summary>
/// Walks a pickle's opcodes before it is unpickled, as PyTorch's <c>weights_only</c> unpickler does, and refuses it
/// unless every global it names is on the reader's allowlist and every opcode finds on the stack what it needs.
/// Nothing is built: a shadow stack records only what kind of value each slot holds. Razorvine's unpickler, which
/// builds the objects afterwards, would otherwise call any class it can find, and cast and reflect over whatever
/// the stack holds, failing with messages about .NET types.
/// </summary>
public static class PickleScreen
{
    /// <summary>Python refuses to parse integers of more digits than this (sys.int_info.default_max_str_digits),
    /// because parsing them takes quadratic time.</summary>
    public const int MaxIntegerDigits = 4300;

    /// <summary>Why <paramref name="pickle"/> is refused, in words for the user, or null when it may be
    /// unpickled.</summary>
    public static string? Refusal(ReadOnlySpan<byte> pickle, IReadOnlyCollection<PickleGlobal> allowed)
    {
        var walk = new Walk(allowed);
        try
        {
            walk.Run(pickle);
            return null;
        }
        catch (RefusedException e)
        {
            return e.Message;
        }
    }

    private enum Kind
    {
        Mark,
        Value,
        Null,
        Text,
        Tuple,
        List,
        Dict,
        Set,
        Global,
        Made,
        Persistent,
    }

    private readonly record struct Slot(Kind Kind, string? Text = null, PickleGlobal? Global = null);

    private sealed class RefusedException(string message) : Exception(message);

    private ref struct Reader(ReadOnlySpan<byte> bytes)
    {
        private readonly ReadOnlySpan<byte> bytes = bytes;

        public int Position { get; private set; }

        public readonly bool AtEnd => Position >= bytes.Length;

        public byte Byte() => Take(1)[0];

        public ReadOnlySpan<byte> Take(long count)
        {
            if (count < 0 || count > bytes.Length - Position)
                throw new RefusedException(
                    $"the pickle is truncated: it needs {count} bytes at byte {Position} but only "
                        + $"{bytes.Length - Position} follow"
                );
            var taken = bytes.Slice(Position, (int)count);
            Position += (int)count;
            return taken;
        }

        public string Line()
        {
            int end = bytes[Position..].IndexOf((byte)'\n');
            if (end < 0)
                throw new RefusedException(
                    $"the pickle is truncated: a text argument at byte {Position} has no end of line"
                );
            var text = Encoding.UTF8.GetString(bytes.Slice(Position, end));
            Position += end + 1;
            return text;
        }
    }

    private sealed class Walk(IReadOnlyCollection<PickleGlobal> allowed)
    {
        private readonly Dictionary<string, PickleGlobal> globals = allowed.ToDictionary(
            g => g.QualifiedName,
            StringComparer.Ordinal
        );
        private readonly List<Slot> stack = [];
        private readonly Dictionary<long, Slot> memo = [];
        private int opcodeAt;

        public void Run(ReadOnlySpan<byte> pickle)
        {
            var input = new Reader(pickle);
            while (!input.AtEnd)
            {
                opcodeAt = input.Position;
                if (Step(input.Byte(), ref input))
                    return;
            }
            throw new RefusedException(
                $"the pickle is truncated: it ends after {pickle.Length} bytes without its STOP opcode"
            );
        }

        /// <returns>Whether the opcode was STOP.</returns>
        private bool Step(byte opcode, ref Reader input)
        {
            switch (opcode)
            {
                case (byte)'(':
                    Push(Kind.Mark);
                    break;
                case (byte)'.':
                    Pop("STOP");
                    return true;
                case (byte)'0':
                    Pop("POP");
                    break;
                case (byte)'1':
                    PopToMark("POP_MARK");
                    break;
                case (byte)'2':
                    stack.Add(Peek("DUP"));
                    break;
                case (byte)'F':
                    Float(input.Line());
                    Push(Kind.Value);
                    break;
                case (byte)'I':
                    Integer(input.Line(), allowBoolean: true);
                    Push(Kind.Value);
                    break;
                case (byte)'L':
                    Integer(input.Line().TrimEnd('L'), allowBoolean: false);
                    Push(Kind.Value);
                    break;
                case (byte)'J':
                    input.Take(4);
                    Push(Kind.Value);
                    break;
                case (byte)'K':
                    input.Take(1);
                    Push(Kind.Value);
                    break;
                case (byte)'M':
                    input.Take(2);
                    Push(Kind.Value);
                    break;
                case (byte)'G':
                    input.Take(8);
                    Push(Kind.Value);
                    break;
                case 0x8A:
                    input.Take(input.Byte());
                    Push(Kind.Value);
                    break;
                case 0x8B:
                    input.Take(SignedLength(ref input));
                    Push(Kind.Value);
                    break;
                case (byte)'N':
                    Push(Kind.Null);
                    break;
                case 0x88 or 0x89:
                    Push(Kind.Value);
                    break;
                case (byte)'S' or (byte)'V':
                    PushText(input.Line());
                    break;
                case (byte)'T':
                    PushText(Latin1(input.Take(SignedLength(ref input))));
                    break;
                case (byte)'U':
                    PushText(Latin1(input.Take(input.Byte())));
                    break;
                case (byte)'X':
                    PushText(Utf8(input.Take(BinaryPrimitives.ReadUInt32LittleEndian(input.Take(4)))));
                    break;
                case 0x8C:
                    PushText(Utf8(input.Take(input.Byte())));
                    break;
                case 0x8D:
                    PushText(Utf8(input.Take(Length8(ref input))));
                    break;
                case (byte)'B':
                    input.Take(BinaryPrimitives.ReadUInt32LittleEndian(input.Take(4)));
                    Push(Kind.Value);
                    break;
                case (byte)'C':
                    input.Take(input.Byte());
                    Push(Kind.Value);
                    break;
                case 0x8E or 0x96:
                    input.Take(Length8(ref input));
                    Push(Kind.Value);
                    break;
                case (byte)')':
                    Push(Kind.Tuple);
                    break;
                case (byte)']':
                    Push(Kind.List);
                    break;
                case (byte)'}':
                    Push(Kind.Dict);
                    break;
                case 0x8F:
                    Push(Kind.Set);
                    break;
                case (byte)'t':
                    PopToMark("TUPLE");
                    Push(Kind.Tuple);
                    break;
                case (byte)'l':
                    PopToMark("LIST");
                    Push(Kind.List);
                    break;
                case (byte)'d':
                    Pairs(PopToMark("DICT"), "DICT");
                    Push(Kind.Dict);
                    break;
                case 0x91:
                    PopToMark("FROZENSET");
                    Push(Kind.Set);
                    break;
                case 0x85 or 0x86 or 0x87:
                    for (int i = 0; i < opcode - 0x84; i++)
                        Pop("TUPLE1/2/3");
                    Push(Kind.Tuple);
                    break;
                case (byte)'a':
                    Pop("APPEND");
                    Expect(Peek("APPEND"), "APPEND", Kind.List);
                    break;
                case (byte)'e':
                    PopToMark("APPENDS");
                    Expect(Peek("APPENDS"), "APPENDS", Kind.List);
                    break;
                case 0x90:
                    PopToMark("ADDITEMS");
                    Expect(Peek("ADDITEMS"), "ADDITEMS", Kind.Set);
                    break;
                case (byte)'s':
                    Pop("SETITEM");
                    Key(Pop("SETITEM"), "SETITEM");
                    ExpectDict(Peek("SETITEM"), "SETITEM");
                    break;
                case (byte)'u':
                    Pairs(PopToMark("SETITEMS"), "SETITEMS");
                    ExpectDict(Peek("SETITEMS"), "SETITEMS");
                    break;
                case (byte)'c':
                    PushGlobal(input.Line(), input.Line());
                    break;
                case 0x93:
                    var name = Pop("STACK_GLOBAL");
                    var module = Pop("STACK_GLOBAL");
                    if (module.Kind != Kind.Text || name.Kind != Kind.Text || module.Text is null || name.Text is null)
                        throw Ill("STACK_GLOBAL needs a module and a name as strings");
                    PushGlobal(module.Text, name.Text);
                    break;
                case (byte)'R' or 0x81:
                    Call(Pop("REDUCE"), Pop("REDUCE"), "REDUCE");
                    break;
                case 0x92:
                    Expect(Pop("NEWOBJ_EX"), "NEWOBJ_EX", Kind.Dict);
                    Call(Pop("NEWOBJ_EX"), Pop("NEWOBJ_EX"), "NEWOBJ_EX");
                    break;
                case (byte)'o':
                    var items = PopToMark("OBJ");
                    if (items.Count == 0)
                        throw Ill("OBJ has nothing to call");
                    Call(new Slot(Kind.Tuple), items[0], "OBJ");
                    break;
                case (byte)'i':
                    var global = Allowed(input.Line(), input.Line());
                    PopToMark("INST");
                    Call(new Slot(Kind.Tuple), new Slot(Kind.Global, Global: global), "INST");
                    break;
                case (byte)'b':
                    Build(Pop("BUILD"), Peek("BUILD"));
                    break;
                case (byte)'P':
                    input.Line();
                    Push(Kind.Persistent);
                    break;
                case (byte)'Q':
                    Pop("BINPERSID");
                    Push(Kind.Persistent);
                    break;
                case (byte)'p':
                    memo[MemoIndex(input.Line())] = Peek("PUT");
                    break;
                case (byte)'q':
                    memo[input.Byte()] = Peek("BINPUT");
                    break;
                case (byte)'r':
                    memo[BinaryPrimitives.ReadUInt32LittleEndian(input.Take(4))] = Peek("LONG_BINPUT");
                    break;
                case 0x94:
                    memo[memo.Count] = Peek("MEMOIZE");
                    break;
                case (byte)'g':
                    stack.Add(Recall(MemoIndex(input.Line())));
                    break;
                case (byte)'h':
                    stack.Add(Recall(input.Byte()));
                    break;
                case (byte)'j':
                    stack.Add(Recall(BinaryPrimitives.ReadUInt32LittleEndian(input.Take(4))));
                    break;
                case 0x80:
                    int protocol = input.Byte();
                    if (protocol > 5)
                        throw Ill($"protocol {protocol} does not exist (the highest is 5)");
                    break;
                case 0x95:
                    Length8(ref input);
                    break;
                case 0x82 or 0x83 or 0x84:
                    throw new RefusedException(
                        $"the pickle names a class by an extension code (EXT opcode at byte {opcodeAt}), which no "
                            + $"reader here accepts"
                    );
                case 0x97 or 0x98:
                    throw new RefusedException(
                        $"the pickle refers to out-of-band buffers (opcode at byte {opcodeAt}), which "
                            + $"no reader here accepts"
                    );
                default:
                    throw new RefusedException(
                        $"the pickle holds 0x{opcode:X2} at byte {opcodeAt}, which is no pickle opcode"
                    );
            }
            return false;
        }

        private void Push(Kind kind) => stack.Add(new Slot(kind));

        // Only short strings can be module or class names; longer ones are not kept.
        private void PushText(string text) => stack.Add(new Slot(Kind.Text, text.Length <= 256 ? text : null));

        private void PushGlobal(string module, string name) =>
            stack.Add(new Slot(Kind.Global, Global: Allowed(module, name)));

        private PickleGlobal Allowed(string module, string name)
        {
            string qualified = $"{module}.{name}";
            if (globals.TryGetValue(qualified, out var global))
                return global;
            throw new RefusedException(
                $"the pickle asks for the Python global '{Printable(qualified)}' (byte {opcodeAt}), which is not one "
                    + $"this file needs; "
                    + $"only {string.Join(", ", globals.Keys.Order(StringComparer.Ordinal))} are "
                    + $"built, so it is refused"
            );
        }

        private Slot Pop(string opcode)
        {
            var top = Peek(opcode);
            stack.RemoveAt(stack.Count - 1);
            return top;
        }

        private Slot Peek(string opcode)
        {
            if (stack.Count == 0 || stack[^1].Kind == Kind.Mark)
                throw Ill($"{opcode} finds no value on the stack");
            return stack[^1];
        }

        private List<Slot> PopToMark(string opcode)
        {
            int mark = stack.FindLastIndex(s => s.Kind == Kind.Mark);
            if (mark < 0)
                throw Ill($"{opcode} finds no MARK on the stack");
            var items = stack.GetRange(mark + 1, stack.Count - mark - 1);
            stack.RemoveRange(mark, stack.Count - mark);
            return items;
        }

        private Slot Recall(long index) =>
            memo.TryGetValue(index, out var slot)
                ? slot
                : throw Ill($"it recalls memo entry {index}, which was never stored");

        private void Call(Slot arguments, Slot callable, string opcode)
        {
            Expect(arguments, opcode, Kind.Tuple);
            if (callable.Kind != Kind.Global || callable.Global is not { } global)
                throw Ill($"{opcode} calls something that is not a global");
            if (!global.Callable)
                throw Ill($"{opcode} calls '{global.QualifiedName}', which is only ever named, not called");
            stack.Add(new Slot(Kind.Made, Global: global));
        }

        private void Build(Slot state, Slot target)
        {
            var wanted = target is { Kind: Kind.Made, Global: { } global } ? global.State : PickleState.None;
            bool fits = wanted switch
            {
                PickleState.Dict => state.Kind == Kind.Dict,
                PickleState.Tuple => state.Kind == Kind.Tuple,
                _ => false,
            };
            if (!fits)
                throw Ill("BUILD hands state to an object that does not take it");
        }

        private void Pairs(List<Slot> items, string opcode)
        {
            if (items.Count % 2 != 0)
                throw Ill($"{opcode} has a key without a value");
            for (int i = 0; i < items.Count; i += 2)
                Key(items[i], opcode);
        }

        // A .NET Hashtable cannot hold None as a key; no file read here has one.
        private void Key(Slot key, string opcode)
        {
            if (key.Kind == Kind.Null)
                throw Ill($"{opcode} uses None as a dict key");
        }

        private void Expect(Slot slot, string opcode, Kind kind)
        {
            if (slot.Kind != kind)
                throw Ill($"{opcode} expects a {kind.ToString().ToLowerInvariant()} on the stack");
        }

        private void ExpectDict(Slot slot, string opcode)
        {
            if (slot.Kind != Kind.Dict && slot is not { Kind: Kind.Made, Global.MakesDict: true })
                throw Ill($"{opcode} fills something that is not a dict");
        }

        private void Integer(string text, bool allowBoolean)
        {
            if (allowBoolean && text is "00" or "01")
                return;
            var digits = text.StartsWith('-') || text.StartsWith('+') ? text[1..] : text;
            if (digits.Length == 0 || !digits.All(char.IsAsciiDigit))
                throw Ill($"'{Printable(text)}' is not an integer");
            if (digits.Length > MaxIntegerDigits)
                throw Ill($"an integer has {digits.Length} digits, more than Python's limit of {MaxIntegerDigits}");
        }

        private void Float(string text)
        {
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                throw Ill($"'{Printable(text)}' is not a number");
        }

        private long MemoIndex(string text) =>
            long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long index)
                ? index
                : throw Ill($"'{Printable(text)}' is not a memo index");

        private long SignedLength(ref Reader input)
        {
            int length = BinaryPrimitives.ReadInt32LittleEndian(input.Take(4));
            return length >= 0 ? length : throw Ill($"a length is negative ({length})");
        }

        private long Length8(ref Reader input)
        {
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(input.Take(8));
            return length <= int.MaxValue
                ? (long)length
                : throw Ill($"a length of {length} bytes is larger than the file");
        }

        private static string Latin1(ReadOnlySpan<byte> bytes) =>
            bytes.Length <= 256 ? Encoding.Latin1.GetString(bytes) : "";

        private static string Utf8(ReadOnlySpan<byte> bytes) =>
            bytes.Length <= 1024 ? Encoding.UTF8.GetString(bytes) : "";

        private static string Printable(string text)
        {
            var shown = text.Length > 80 ? text[..80] + "..." : text;
            return new string(shown.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        }

        private RefusedException Ill(string what) => new($"the pickle is ill-formed at byte {opcodeAt}: {what}");
    }
}
