using GatedLif.Checkpoints;
using GatedLif.Cli.Commands.TrainPy;
using GatedLif.Models;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Models;

/// <summary>
/// Every CIFAR architecture's state_dict — keys in order, shapes and dtypes — equals the list the reference
/// wrote (../shared/golden/keys), for the flags named in the list's first line.
/// </summary>
[Trait(KernelDependence.Trait, KernelDependence.Dependent)]
public sealed class KeyListTests
{
    public static TheoryData<string> CifarKeyLists()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(RepoPaths.Golden, "keys"), "*.txt").Order())
        {
            var name = Path.GetFileName(file);
            if (name.StartsWith("resnet18-") || name.StartsWith("resnet19-") || name.StartsWith("cifarnet-"))
                data.Add(name);
        }
        return data;
    }

    [GoldenFact]
    public void Every_CIFAR_list_is_covered()
    {
        Assert.Equal(11, CifarKeyLists().Count);
    }

    [GoldenTheory]
    [MemberData(nameof(CifarKeyLists))]
    public void State_dict_matches_the_reference_list(string listName)
    {
        var golden = GoldenKeyList.Read(listName);

        var spec = ModelSelection.From(new TrainPyCommandLine().Parse(golden.Flags));
        using var model = ModelFactory.Create(spec);
        var actual = ModuleStateOrder
            .OrderedStateDict(model)
            .Select(e => $"{e.Key}\t[{string.Join(", ", e.Value.shape)}]\t{DtypeName(e.Value.dtype)}")
            .ToList();
        Assert.Equal(golden.Lines, actual);
    }

    public static TheoryData<string> ImageNetKeyLists() =>
        new(
            "resnet18ms-imagenet-T6.txt",
            "resnet34ms-imagenet-T6.txt",
            "resnet34-cw-imagenet-T6.txt",
            "resnet34-lw-imagenet-T6.txt"
        );

    /// <summary>
    /// The reference lists keys as train.py builds the model, before its ImageNet BatchNorm conversion; our ImageNet
    /// models are the converted ones (plain BatchNorm), so every batch norm's <c>Vth</c> buffer is left out.
    /// </summary>
    [GoldenTheory]
    [MemberData(nameof(ImageNetKeyLists))]
    public void ImageNet_state_dict_matches_the_reference_list_without_batch_norm_Vth(string listName)
    {
        var golden = GoldenKeyList.Read(listName);
        var expected = golden.WithoutBatchNormVth().Lines;
        Assert.True(expected.Count < golden.Lines.Count, "the list holds batch-norm Vth buffers to leave out");

        var spec = ModelSelection.From(new TrainPyCommandLine().Parse(golden.Flags));
        Assert.True(spec.Architecture.ImageNet);
        using var model = ModelFactory.Create(spec);
        var actual = ModuleStateOrder
            .OrderedStateDict(model)
            .Select(e => $"{e.Key}\t[{string.Join(", ", e.Value.shape)}]\t{DtypeName(e.Value.dtype)}")
            .ToList();
        Assert.Equal(expected, actual);
    }

    private static string DtypeName(TorchSharp.torch.ScalarType t) =>
        t switch
        {
            TorchSharp.torch.ScalarType.Float32 => "float32",
            TorchSharp.torch.ScalarType.Float64 => "float64",
            TorchSharp.torch.ScalarType.Int64 => "int64",
            _ => t.ToString(),
        };
}
