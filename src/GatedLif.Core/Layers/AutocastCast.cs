namespace GatedLif.Layers;

/// <summary>What an operation computes in inside an autocast region.</summary>
public enum AutocastCast
{
    /// <summary>The region's low-precision dtype (float16 on CUDA): autocast's lower_precision_fp list.</summary>
    LowPrecision,

    /// <summary>Float32 whatever the input: autocast's fp32 list, or a float32 tensor of the operation's own that
    /// type promotion widens the input to.</summary>
    Float32,

    /// <summary>The input's dtype: an operation on no list.</summary>
    InputDtype,
}
