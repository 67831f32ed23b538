using GatedLif.Cli.Commands;
using GatedLif.Data.Loading;
using GatedLif.Models.Networks;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace GatedLif.Tests.Core;

/// <summary>
/// Our own code's side of issue 36: a method that takes a tensor's native address (TensorMemory.Address, the kernels,
/// the collectives, the loaders) or a TorchSharp handle ends its use with GC.KeepAlive, so no collection frees the
/// memory while the address is still used. Read from the compiled assemblies, so a new such method without it fails.
/// </summary>
public sealed class TensorAddressLifetimeTests
{
    private static readonly string[] Assemblies =
    [
        typeof(TensorMemory).Assembly.Location,
        typeof(SpikingResNet).Assembly.Location,
        typeof(Prefetcher).Assembly.Location,
        typeof(GatedLifApp).Assembly.Location,
    ];

    [Fact]
    public void Every_method_that_takes_a_native_address_keeps_its_tensor_alive()
    {
        var takers = Assemblies.SelectMany(TakersOfAddresses).ToList();

        Assert.Empty(takers.Where(t => !t.KeepsAlive).Select(t => t.Method));
        // The kernels, the collectives, the loaders and the checkpoint reader: the rule has something to check.
        Assert.True(
            takers.Count >= 10,
            $"only {takers.Count} methods take an address: {string.Join(", ", takers.Select(t => t.Method))}"
        );
    }

    private static IEnumerable<(string Method, bool KeepsAlive)> TakersOfAddresses(string path)
    {
        using var assembly = AssemblyDefinition.ReadAssembly(path);
        foreach (var method in assembly.MainModule.GetTypes().SelectMany(t => t.Methods).Where(m => m.HasBody))
        {
            var calls = method
                .Body.Instructions.Where(i => i.OpCode.FlowControl == FlowControl.Call)
                .Select(i => i.Operand)
                .OfType<MethodReference>()
                .ToList();
            bool takes = calls.Any(c =>
                (c.DeclaringType.FullName == "GatedLif.TensorMemory" && c.Name == "Address")
                || (c.DeclaringType.FullName == "TorchSharp.torch/Tensor" && c.Name == "get_Handle")
            );
            if (takes)
                yield return (
                    method.FullName,
                    calls.Any(c => c.DeclaringType.FullName == "System.GC" && c.Name == "KeepAlive")
                );
        }
    }
}
