using System.Collections;
using System.CommandLine;

namespace GatedLif.Cli.CommandLine;

/// <summary>
/// A command line's flags, each declared once: its spelling, default, help text, what its value must satisfy and
/// where it goes in the options record. The table makes the System.CommandLine options (a value that fails its check
/// is a usage error), binds a parse result to a record, and lists the values as argparse's namespace.
/// </summary>
public sealed class FlagTable<TOptions> : IEnumerable<Option>
    where TOptions : new()
{
    private readonly List<(
        Option Option,
        Func<TOptions, ParseResult, TOptions> Bind,
        Func<ParseResult, object?> Value,
        Func<ParseResult, string?> Check
    )> _flags = [];

    /// <summary>An on/off flag (argparse's <c>store_true</c>).</summary>
    public void Add(string name, string description, Func<TOptions, bool, TOptions> apply) =>
        Add(new Option<bool>(name) { Description = description }, apply);

    /// <summary>On/off flags declared elsewhere (name and help), each passed to <paramref name="apply"/> with its
    /// name.</summary>
    public void Add(IEnumerable<(string Name, string Description)> flags, Func<TOptions, string, bool, TOptions> apply)
    {
        foreach (var (name, description) in flags)
            Add(name, description, (o, v) => apply(o, name, v));
    }

    /// <summary>A flag with one value and its default.</summary>
    public void Add<T>(string name, T defaultValue, string description, Func<TOptions, T, TOptions> apply) =>
        Add(new Option<T>(name) { Description = description, DefaultValueFactory = _ => defaultValue }, apply);

    /// <summary>A flag with one value, its default and the check its value must pass.</summary>
    public void Add<T>(
        string name,
        T defaultValue,
        string description,
        Func<TOptions, T, TOptions> apply,
        FlagCheck<T> check
    ) => Add(new Option<T>(name) { Description = description, DefaultValueFactory = _ => defaultValue }, apply, check);

    /// <summary>Any option (aliases, several values, no default).</summary>
    public void Add<T>(Option<T> option, Func<TOptions, T, TOptions> apply) =>
        _flags.Add((option, (o, r) => apply(o, r.GetValue(option)!), r => r.GetValue(option), _ => null));

    /// <summary>Any option and the check its value must pass.</summary>
    public void Add<T>(Option<T> option, Func<TOptions, T, TOptions> apply, FlagCheck<T> check) =>
        _flags.Add(
            (
                option,
                (o, r) => apply(o, r.GetValue(option)!),
                r => r.GetValue(option),
                r => check.Error(option.Name, r.GetValue(option)!)
            )
        );

    /// <summary>The flags of another table whose values form a part of these options (flags several command lines
    /// share): each binds into the part <paramref name="get"/> reads and <paramref name="set"/> puts back.</summary>
    public void Add<TPart>(FlagTable<TPart> part, Func<TOptions, TPart> get, Func<TOptions, TPart, TOptions> set)
        where TPart : new()
    {
        foreach (var (option, bind, value, check) in part._flags)
            _flags.Add((option, (o, r) => set(o, bind(get(o), r)), value, check));
    }

    /// <summary>Every spelling (name and aliases) and the most values it takes.</summary>
    public IReadOnlyDictionary<string, int> ValueCounts =>
        _flags
            .SelectMany(f =>
                f.Option.Aliases.Append(f.Option.Name).Select(n => (Name: n, f.Option.Arity.MaximumNumberOfValues))
            )
            .ToDictionary(x => x.Name, x => x.MaximumNumberOfValues);

    public void AddTo(Command command)
    {
        foreach (var (option, _, _, _) in _flags)
            command.Options.Add(option);
    }

    /// <summary>The record with every flag's value from <paramref name="result"/> (its default where not given);
    /// throws <see cref="UsageException"/> naming each value that fails its flag's check.</summary>
    public TOptions Bind(ParseResult result)
    {
        var errors = _flags.Select(f => f.Check(result)).OfType<string>().ToList();
        if (errors.Count > 0)
            throw new UsageException(string.Join(Environment.NewLine, errors));
        return _flags.Aggregate(new TOptions(), (o, f) => f.Bind(o, result));
    }

    /// <summary>
    /// argparse's namespace, <c>vars(args)</c>: every flag under its destination name (the long spelling without its
    /// leading dashes, '-' as '_') with its value from <paramref name="result"/>, lists as lists.
    /// </summary>
    public IReadOnlyDictionary<string, object?> Namespace(ParseResult result) =>
        _flags.ToDictionary(
            f => f.Option.Name.TrimStart('-').Replace('-', '_'),
            f => f.Value(result) is IEnumerable items and not string ? items.Cast<object?>().ToList() : f.Value(result)
        );

    public IEnumerator<Option> GetEnumerator() => _flags.Select(f => f.Option).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
