namespace Tandem.Config.Toml;

/// <summary>How a table came to exist; decides whether a later header or dotted key may extend it (TOML 1.0 "Table").</summary>
public enum TomlTableKind
{
    /// <summary>Created as a parent of a header (<c>[a.b]</c> creates <c>a</c>); may still be defined once by <c>[a]</c>.</summary>
    Implicit,
    /// <summary>Defined by a <c>[header]</c> or <c>[[header]]</c>; never defined again.</summary>
    Header,
    /// <summary>Created by a dotted key (<c>a.b = 1</c>); extended only by further dotted keys or sub-table headers.</summary>
    Dotted,
    /// <summary>An inline table <c>{ ... }</c>; sealed once closed.</summary>
    Inline,
    /// <summary>The document itself.</summary>
    Root,
}

/// <summary>One key of a table with the position of the key itself.</summary>
public sealed record TomlEntry(string Key, TomlPosition KeyPosition, TomlValue Value);

/// <summary>A TOML table; keys keep the order in which they appear in the file.</summary>
public sealed class TomlTable(TomlPosition position, TomlTableKind kind) : TomlValue(position)
{
    readonly OrderedDictionary<string, TomlEntry> entries = new(StringComparer.Ordinal);

    public TomlTableKind Kind { get; internal set; } = kind;

    public IEnumerable<TomlEntry> Entries => entries.Values;

    public int Count => entries.Count;

    public override string Describe => "a table";

    public bool TryGet(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TomlEntry? entry) =>
        entries.TryGetValue(key, out entry);

    internal void Add(TomlEntry entry) => entries.Add(entry.Key, entry);
}
