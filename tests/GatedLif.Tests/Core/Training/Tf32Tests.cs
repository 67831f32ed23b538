using GatedLif.Training;
using static TorchSharp.torch;

namespace GatedLif.Tests.Core.Training;

/// <summary>
/// Tf32.Off, which the CUDA comparisons with the CPU run under: both of libtorch's TF32 switches off inside, and the
/// settings found before back afterwards, whatever they were. The switches are libtorch's process-wide context, which a
/// CPU-only build holds too.
/// </summary>
[Collection(Tf32Collection.Name)]
public sealed class Tf32Tests
{
    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Off_turns_both_switches_off_and_restores_what_it_found(bool convolutions, bool matrixProducts)
    {
        bool savedConvolutions = backends.cudnn.allow_tf32,
            savedMatrixProducts = backends.cuda.matmul.allow_tf32;
        try
        {
            backends.cudnn.allow_tf32 = convolutions;
            backends.cuda.matmul.allow_tf32 = matrixProducts;
            using (Tf32.Off())
                Assert.Equal((false, false), (backends.cudnn.allow_tf32, backends.cuda.matmul.allow_tf32));
            Assert.Equal((convolutions, matrixProducts), (backends.cudnn.allow_tf32, backends.cuda.matmul.allow_tf32));
        }
        finally
        {
            backends.cudnn.allow_tf32 = savedConvolutions;
            backends.cuda.matmul.allow_tf32 = savedMatrixProducts;
        }
    }
}

/// <summary>The TF32 switches are process-wide: tests that change them run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class Tf32Collection
{
    public const string Name = "TF32 switches";
}
