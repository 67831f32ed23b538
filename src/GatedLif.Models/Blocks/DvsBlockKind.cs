namespace GatedLif.Models.Blocks;

/// <summary>The blocks a CIFAR10-DVS network stage stacks (the reference's <c>block_type</c>).</summary>
public enum DvsBlockKind
{
    /// <summary><see cref="SewBlock"/> (<c>'sew'</c>).</summary>
    Sew,
    /// <summary><see cref="PlainBlock"/> (<c>'plain'</c>).</summary>
    Plain,
    /// <summary><see cref="DvsBasicBlock"/> (<c>'basic'</c>).</summary>
    Basic,
}
