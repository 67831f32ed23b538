using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;

namespace GatedLif.Build;

/// <summary>
/// Makes every method of TorchSharp that calls into libLibTorchSharp (or reads native memory) keep its arguments
/// and locals alive until it returns, as <c>GC.KeepAlive</c> does.
/// <para>
/// Why: TorchSharp 0.107 passes <c>obj.Handle</c> (an IntPtr) to native functions. Once the handle is read, the JIT
/// treats the managed owner as dead, so a garbage collection started by another thread during the native call can
/// run the owner's finalizer, which frees the native object the call is still reading. Implicit conversions make
/// such owners everywhere: <c>t.addcmul(a, b, 1)</c> and <c>t * 2.0</c> pass a Scalar made from a number, and
/// <c>a + b</c> passes the Scalar 1 that <c>Tensor.add(Tensor)</c> makes; a freed at::Scalar fails in libtorch's
/// <c>Scalar::toFloat</c> ("Expected false to be true"), a freed tensor reads freed memory. Keeping the owners of
/// the handles alive across the call is the fix TorchSharp's own <c>index</c> methods already apply by hand. The
/// same holds for a data pointer: <c>t.data&lt;float&gt;().ToArray()</c> copies through the pointer its accessor
/// keeps, and a temporary <c>t</c> may be freed meanwhile.
/// </para>
/// <para>
/// No package does this: Fody weaves the project's own assembly, not a referenced one. The rule is mechanical: in
/// every method that calls a P/Invoke or reads a native address from a field, before each <c>ret</c>,
/// <c>GC.KeepAlive</c> of <c>this</c>, of each
/// parameter and (where locals start zeroed) of each local of a reference type. Branches into a <c>ret</c> land on
/// the first inserted instruction, since the <c>ret</c> itself becomes that instruction.
/// </para>
/// </summary>
public static class KeepAliveWeaver
{
    /// <summary>The assembly attribute (AssemblyMetadata key) that marks a woven TorchSharp.dll.</summary>
    public const string MarkerKey = "GatedLif.HandleKeepAlive";

    /// <summary>Bumped when the rule changes, so the build weaves again.</summary>
    public const string RuleVersion = "2";

    public sealed record Result(int MethodsWoven, int ReturnsWoven, bool AlreadyWoven);

    public static Result Weave(string inputPath, string outputPath)
    {
        var resolver = new DefaultAssemblyResolver();
        resolver.AddSearchDirectory(Path.GetDirectoryName(Path.GetFullPath(inputPath))!);
        resolver.AddSearchDirectory(Path.GetDirectoryName(typeof(object).Assembly.Location)!);
        using var assembly = AssemblyDefinition.ReadAssembly(inputPath,
            new ReaderParameters { AssemblyResolver = resolver, ReadSymbols = false, InMemory = true });
        var module = assembly.MainModule;
        if (MarkerOf(assembly) is { } existing)
        {
            if (existing != RuleVersion)
                throw new InvalidOperationException($"{inputPath} was woven by rule {existing}, not {RuleVersion}; weave the package's original");
            File.Copy(inputPath, outputPath, overwrite: true);
            return new Result(0, 0, AlreadyWoven: true);
        }

        var keepAlive = KeepAliveReference(module);
        int methods = 0, returns = 0;
        foreach (var type in module.GetTypes())
            foreach (var method in type.Methods)
            {
                if (!method.HasBody || !UsesNativeMemory(method))
                    continue;
                int woven = WeaveMethod(method, keepAlive);
                if (woven > 0)
                {
                    methods++;
                    returns += woven;
                }
            }
        Mark(assembly);
        assembly.Write(outputPath);
        return new Result(methods, returns, AlreadyWoven: false);
    }

    /// <summary>The rule version a woven assembly carries, or null for one not woven.</summary>
    public static string? MarkerOf(AssemblyDefinition assembly) =>
        assembly.CustomAttributes
            .Where(a => a.AttributeType.FullName == "System.Reflection.AssemblyMetadataAttribute"
                        && a.ConstructorArguments.Count == 2 && (string)a.ConstructorArguments[0].Value == MarkerKey)
            .Select(a => (string)a.ConstructorArguments[1].Value)
            .FirstOrDefault();

    /// <summary>
    /// The methods of the assembly at <paramref name="path"/> that call a P/Invoke and return without keeping one of
    /// their owners alive (empty for a woven TorchSharp.dll, TorchSharp's own methods for the package's file).
    /// </summary>
    public static IReadOnlyList<string> Unkept(string path)
    {
        using var assembly = AssemblyDefinition.ReadAssembly(path, new ReaderParameters { ReadSymbols = false });
        var unkept = new List<string>();
        foreach (var method in assembly.MainModule.GetTypes().SelectMany(t => t.Methods))
        {
            if (!method.HasBody || !UsesNativeMemory(method))
                continue;
            var owners = Owners(method).Select(o => (object?)o.Operand).ToHashSet();
            var instructions = method.Body.Instructions;
            for (int i = 0; i < instructions.Count; i++)
            {
                if (instructions[i].OpCode != OpCodes.Ret)
                    continue;
                var kept = new HashSet<object?>();
                for (int j = i - 1; j >= 1 && IsKeepAlive(instructions[j]); j -= 2)
                    kept.Add(Loaded(method, instructions[j - 1]));
                if (!owners.IsSubsetOf(kept))
                {
                    unkept.Add(method.FullName);
                    break;
                }
            }
        }
        return unkept;
    }

    /// <summary>Whether a method hands native memory to code that may outlive its owner: it calls a P/Invoke, or
    /// reads a native address from a field (TensorAccessor copies through the data pointer it keeps).</summary>
    public static bool UsesNativeMemory(MethodDefinition method) =>
        method.Body.Instructions.Any(i =>
            (i.OpCode.FlowControl == FlowControl.Call && i.Operand is MethodDefinition { IsPInvokeImpl: true })
            || (i.OpCode == OpCodes.Ldfld && i.Operand is FieldReference f
                && (f.FieldType.IsPointer || f.FieldType.MetadataType is MetadataType.IntPtr or MetadataType.UIntPtr)));

    /// <summary>What a method keeps alive, as the instruction that loads each: <c>this</c> of a class, each
    /// parameter of a reference type, and each such local where locals start zeroed (in a method without localsinit
    /// a local may hold garbage before its first store).</summary>
    private static List<Instruction> Owners(MethodDefinition method)
    {
        var body = method.Body;
        var owners = new List<Instruction>();
        if (method.HasThis && !method.DeclaringType.IsValueType)
            owners.Add(Instruction.Create(OpCodes.Ldarg, body.ThisParameter));
        foreach (var parameter in method.Parameters.Where(p => HoldsReference(p.ParameterType)))
            owners.Add(Instruction.Create(OpCodes.Ldarg, parameter));
        if (body.InitLocals)
            foreach (var local in body.Variables.Where(v => HoldsReference(v.VariableType)))
                owners.Add(Instruction.Create(OpCodes.Ldloc, local));
        return owners;
    }

    private static int WeaveMethod(MethodDefinition method, MethodReference keepAlive)
    {
        var body = method.Body;
        if (Owners(method).Count == 0)
            return 0;

        body.SimplifyMacros();
        var il = body.GetILProcessor();
        var rets = body.Instructions.Where(i => i.OpCode == OpCodes.Ret).ToList();
        foreach (var ret in rets)
        {
            var sequence = Owners(method).SelectMany(load => new[] { load, Instruction.Create(OpCodes.Call, keepAlive) }).ToList();
            // The ret becomes the first load, so every branch and handler boundary that named it still does.
            ret.OpCode = sequence[0].OpCode;
            ret.Operand = sequence[0].Operand;
            var previous = ret;
            foreach (var instruction in sequence.Skip(1).Append(Instruction.Create(OpCodes.Ret)))
            {
                il.InsertAfter(previous, instruction);
                previous = instruction;
            }
        }
        body.OptimizeMacros();
        return rets.Count;
    }

    private static bool IsKeepAlive(Instruction instruction) =>
        instruction.OpCode == OpCodes.Call && instruction.Operand is MethodReference { Name: "KeepAlive" } m
                                           && m.DeclaringType.FullName == "System.GC";

    /// <summary>The parameter or local an instruction loads (short forms included), or null.</summary>
    private static object? Loaded(MethodDefinition method, Instruction load)
    {
        var body = method.Body;
        int offset = method.HasThis ? 1 : 0;
        ParameterDefinition Argument(int index) => index == 0 && method.HasThis ? body.ThisParameter : method.Parameters[index - offset];
        return load.OpCode.Code switch
        {
            Code.Ldarg or Code.Ldarg_S => load.Operand,
            Code.Ldarg_0 => Argument(0),
            Code.Ldarg_1 => Argument(1),
            Code.Ldarg_2 => Argument(2),
            Code.Ldarg_3 => Argument(3),
            Code.Ldloc or Code.Ldloc_S => load.Operand,
            Code.Ldloc_0 => body.Variables[0],
            Code.Ldloc_1 => body.Variables[1],
            Code.Ldloc_2 => body.Variables[2],
            Code.Ldloc_3 => body.Variables[3],
            _ => null,
        };
    }

    private static bool HoldsReference(TypeReference type)
    {
        while (type is IModifierType or PinnedType)
            type = ((TypeSpecification)type).ElementType;
        return !(type.IsValueType || type.IsPrimitive || type.IsByReference || type.IsPointer || type.IsFunctionPointer
                 || type.IsGenericParameter || type.MetadataType is MetadataType.Void or MetadataType.TypedByReference);
    }

    private static MethodReference KeepAliveReference(ModuleDefinition module)
    {
        var gc = new TypeReference("System", "GC", module, module.TypeSystem.Object.Scope);
        var method = new MethodReference("KeepAlive", module.TypeSystem.Void, gc);
        method.Parameters.Add(new ParameterDefinition(module.TypeSystem.Object));
        return module.ImportReference(method);
    }

    private static void Mark(AssemblyDefinition assembly)
    {
        var module = assembly.MainModule;
        var attributeType = new TypeReference("System.Reflection", "AssemblyMetadataAttribute", module,
            module.TypeSystem.Object.Scope);
        var constructor = new MethodReference(".ctor", module.TypeSystem.Void, attributeType) { HasThis = true };
        constructor.Parameters.Add(new ParameterDefinition(module.TypeSystem.String));
        constructor.Parameters.Add(new ParameterDefinition(module.TypeSystem.String));
        var attribute = new CustomAttribute(module.ImportReference(constructor));
        attribute.ConstructorArguments.Add(new CustomAttributeArgument(module.TypeSystem.String, MarkerKey));
        attribute.ConstructorArguments.Add(new CustomAttributeArgument(module.TypeSystem.String, RuleVersion));
        assembly.CustomAttributes.Add(attribute);
    }
}
