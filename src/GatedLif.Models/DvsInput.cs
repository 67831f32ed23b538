namespace GatedLif.Models;

/// <summary>
/// The frames a CIFAR10-DVS network takes: the side a checkpoint of it is recognised at, and whether it must run
/// with <c>--dsr_da</c> (48x48 frames) or without (the sensor's 128x128), with the usage error that says why; plain
/// data beside the rest of its entry.
/// </summary>
/// <param name="Side">The side it is built at to recognise a checkpoint (the reference sizes its read-out from
/// it).</param>
/// <param name="DsrDa">Whether <c>--dsr_da</c> must be given (true) or left out (false); null: either.</param>
/// <param name="Mismatch">The usage error when it is not, after <c>-model NAME</c>.</param>
public sealed record DvsInput(int Side, bool? DsrDa = null, string? Mismatch = null);
