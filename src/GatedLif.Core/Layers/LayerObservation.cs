namespace GatedLif.Layers;

/// <summary>
/// The observer <see cref="LayerCall"/> reports to, if any. Convolutions bypass <c>Module.call</c> (they run through
/// <see cref="Convolutions.Conv2dCall"/>), so forward hooks on them would never fire; this is their hook. It flows
/// with the execution context, so a pass observed on one test thread is not seen by a model running on another.
/// When nothing is attached, a layer call costs one read of it.
/// </summary>
public static class LayerObservation
{
    private static readonly AsyncLocal<ILayerObserver?> current = new();

    public static ILayerObserver? Current => current.Value;

    /// <summary>Reports layer calls to <paramref name="observer"/> until the returned handle is disposed.</summary>
    public static IDisposable Attach(ILayerObserver observer)
    {
        var previous = current.Value;
        current.Value = observer;
        return new Detach(() => current.Value = previous);
    }

    private sealed class Detach(Action restore) : IDisposable
    {
        private Action? _restore = restore;

        public void Dispose()
        {
            _restore?.Invoke();
            _restore = null;
        }
    }
}
