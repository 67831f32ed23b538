using System.Collections;
using System.Numerics;
using Razorvine.Pickle.Objects;
using static TorchSharp.torch;

namespace GatedLif.Pickling;

/// <summary>How Python would name a value the unpickler produced, so that messages speak the file's language, not
/// .NET's.</summary>
public static class PythonType
{
    public static string Of(object? value) =>
        value switch
        {
            null => "None",
            string => "str",
            byte[] => "bytes",
            bool => "bool",
            int or long or BigInteger => "int",
            double => "float",
            Tensor => "tensor",
            // ClassDict, Razorvine's stand-in for an unknown class, is itself a dictionary, so it is matched first.
            ClassDict c => c.ClassName,
            IDictionary => "dict",
            object[] => "tuple",
            IList => "list",
            ISet<object> => "set",
            _ => "object",
        };
}
