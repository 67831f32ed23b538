using GatedLif.Tests.Core.Checkpoints;
using GatedLif.Tests.Data.Datasets;

namespace GatedLif.Tests.Core.Pickling;

/// <summary>Crafted checkpoints whose pickle names globals it must not (or calls what is only ever named): refused by
/// name before anything is built, in one error of ours that names the file.</summary>
public sealed class PickleScreenTests
{
    [Fact]
    public void A_pickle_asking_for_os_system_is_refused_by_name_before_anything_is_built()
    {
        var pickle = new PickleBuilder()
            .Proto2()
            .Global("os", "system")
            .Unicode("echo pwned")
            .Op(0x85)
            .Op('R')
            .Op('.')
            .ToArray();

        var error = CraftedCheckpoint.ReadFails(CraftedCheckpoint.Zip(pickle), out _);

        Assert.Contains("asks for the Python global 'os.system'", error.Message);
        Assert.Contains("collections.OrderedDict", error.Message);
    }

    [Fact]
    public void A_whole_pickled_model_is_refused_by_its_class_name()
    {
        var pickle = new PickleBuilder()
            .Proto2()
            .Global("models.resnet", "ResNet18")
            .Op(')')
            .Op(0x81)
            .Op('.')
            .ToArray();

        var error = CraftedCheckpoint.ReadFails(CraftedCheckpoint.Zip(pickle), out _);

        Assert.Contains("'models.resnet.ResNet18'", error.Message);
    }

    [Fact]
    public void A_storage_type_called_as_a_function_is_refused()
    {
        var pickle = new PickleBuilder()
            .Proto2()
            .Op('}')
            .Unicode("x")
            .Global("torch", "FloatStorage")
            .Op(')')
            .Op('R')
            .Op('s')
            .Op('.')
            .ToArray();

        var error = CraftedCheckpoint.ReadFails(CraftedCheckpoint.Zip(pickle), out _);

        Assert.Contains("'torch.FloatStorage', which is only ever named, not called", error.Message);
    }
}
