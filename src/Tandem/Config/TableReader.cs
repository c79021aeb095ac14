using Tandem.Config.Toml;

namespace Tandem.Config;

/// <summary>
/// Reads the keys of one table with type checks, reporting problems to <see cref="ConfigDiagnostics"/> and
/// returning the default instead, so one load finds every error. Every key asked for counts as known;
/// <see cref="RejectUnknown"/> then reports the rest with a "did you mean".
/// </summary>
sealed partial class TableReader(ConfigDiagnostics diag, TomlTable table, string path)
{
    static readonly string[] TopLevelKeys = ["cluster", "nodes", "volumes", "groups", "notify"];

    readonly List<string> known = [];

    public TomlTable Table => table;

    public TomlPosition Position => table.Position;

    /// <summary>The dotted path of a key of this table.</summary>
    public string KeyPath(string key) => path.Length == 0 ? TomlFormat.KeyPart(key) : $"{path}.{TomlFormat.KeyPart(key)}";

    /// <summary>How the table is named in messages: "[volumes.r0]", or "the top level".</summary>
    public string Section => path.Length == 0 ? "the top level" : $"[{path}]";

    /// <summary>The raw entry for <paramref name="key"/>, or null; records where it is.</summary>
    public TomlEntry? Entry(string key)
    {
        known.Add(key);
        if (!table.TryGet(key, out var entry))
            return null;
        diag.Record(KeyPath(key), entry.KeyPosition);
        return entry;
    }

    /// <summary>The value of <paramref name="key"/> if present and of type <typeparamref name="T"/>; a type error otherwise.</summary>
    public T? Get<T>(string key, string expected) where T : TomlValue
    {
        var entry = Entry(key);
        if (entry is null)
            return null;
        if (entry.Value is T value)
            return value;
        diag.Error(entry.Value.Position, KeyPath(key), $"expected {expected}, found {entry.Value.Describe}");
        return null;
    }

    public void Missing(string key, string hint) => diag.Error(Position, KeyPath(key), $"missing in {Section}; {hint}");

    public void Error(TomlValue at, string key, string message) => diag.Error(at.Position, KeyPath(key), message);

    /// <summary>Reports every key of the table nobody asked for.</summary>
    public void RejectUnknown(string? accepts = null)
    {
        foreach (var entry in table.Entries)
        {
            if (known.Contains(entry.Key))
                continue;
            var hint = DidYouMean.Suggest(entry.Key, known) is { } s ? $"did you mean \"{s}\"?"
                : path.Length > 0 && TopLevelKeys.Contains(entry.Key)
                    ? $"\"{entry.Key}\" is a top-level key, but every key after the {Section} header belongs to {Section}; move it above the first [header]"
                : accepts ?? $"{Section} accepts {string.Join(", ", known)}";
            diag.Error(entry.KeyPosition, KeyPath(entry.Key), $"unknown key; {hint}");
        }
    }
}
