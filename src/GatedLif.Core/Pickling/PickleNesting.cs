using System.Collections;

namespace GatedLif.Pickling;

/// <summary>
/// Checks how deeply an unpickled object graph nests, and that it refers to itself nowhere, without recursion: the
/// code that walks it later (disposing tensors, printing, saving) recurses, and a crafted pickle can nest lists a
/// hundred thousand deep in a few hundred kilobytes, which would overflow the stack and abort the process.
/// </summary>
public static class PickleNesting
{
    /// <summary>Far deeper than any checkpoint or data set nests (a state dict in a checkpoint is three
    /// levels).</summary>
    public const int MaxDepth = 100;

    /// <summary>Why <paramref name="root"/> is refused, in words for the user, or null when it nests within
    /// bounds.</summary>
    public static string? Refusal(object? root)
    {
        if (!IsContainer(root))
            return null;
        // How deep each finished container nests, so a shared one is walked once but counted on every path.
        var heights = new Dictionary<object, int>(ReferenceEqualityComparer.Instance);
        var onPath = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var path = new Stack<Frame>();
        Enter(root!);
        while (path.Count > 0)
        {
            var frame = path.Peek();
            if (!frame.Children.MoveNext())
            {
                path.Pop();
                onPath.Remove(frame.Node);
                heights[frame.Node] = frame.Height;
                if (path.Count > 0)
                    path.Peek().Height = Math.Max(path.Peek().Height, frame.Height + 1);
                continue;
            }
            var child = frame.Children.Current;
            if (!IsContainer(child))
                continue;
            if (onPath.Contains(child!))
                return "it holds a container that contains itself, which no checkpoint or data set does";
            if (heights.TryGetValue(child!, out int height))
            {
                if (path.Count + height > MaxDepth)
                    return TooDeep;
                frame.Height = Math.Max(frame.Height, height + 1);
                continue;
            }
            if (path.Count >= MaxDepth)
                return TooDeep;
            Enter(child!);
        }
        return null;

        void Enter(object node)
        {
            onPath.Add(node);
            path.Push(new Frame(node, Children(node).GetEnumerator()));
        }
    }

    private static readonly string TooDeep = $"it nests containers more than {MaxDepth} levels deep";

    private sealed class Frame(object node, IEnumerator children)
    {
        public object Node { get; } = node;

        public IEnumerator Children { get; } = children;

        /// <summary>Levels below this container found so far (1 for one holding no container).</summary>
        public int Height { get; set; } = 1;
    }

    // Razorvine makes lists ArrayList and tuples object[]; byte arrays, also lists to .NET, hold no objects.
    private static bool IsContainer(object? value) => value is IDictionary or ArrayList or object[] or ISet<object>;

    private static IEnumerable Children(object container) =>
        container switch
        {
            IDictionary dictionary => Entries(dictionary),
            _ => (IEnumerable)container,
        };

    private static IEnumerable Entries(IDictionary dictionary)
    {
        foreach (DictionaryEntry entry in dictionary)
        {
            yield return entry.Key;
            yield return entry.Value;
        }
    }
}
