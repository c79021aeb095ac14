namespace Tandem.Config.Toml;

/// <summary>TOML 1.0 "Table", "Inline Table", "Array of Tables" and "Keys": which key may define or extend what.</summary>
public sealed partial class TomlParser
{
    /// <summary><c>[a.b.c]</c>: walks/creates the parents, then defines <c>c</c> (at most once).</summary>
    TomlTable DefineTable(TomlTable root, List<(string Key, TomlPosition At)> keys, TomlPosition at)
    {
        var parent = WalkHeaderParents(root, keys, at);
        var (key, keyAt) = keys[^1];
        var name = FormatKey(keys);
        if (!parent.TryGet(key, out var existing))
        {
            var table = new TomlTable(at, TomlTableKind.Header);
            parent.Add(new TomlEntry(key, keyAt, table));
            return table;
        }
        var first = existing.Value.Position.Line;
        switch (existing.Value)
        {
            case TomlTable { Kind: TomlTableKind.Implicit } t:
                t.Kind = TomlTableKind.Header;
                t.Position = at;
                return t;
            case TomlTable { Kind: TomlTableKind.Header }:
                throw Fail(at, $"table [{name}] is defined twice (first at line {first}); merge the two sections");
            case TomlTable { Kind: TomlTableKind.Dotted }:
                throw Fail(at, $"table [{name}] was already defined with dotted keys at line {first}; use one form or the other");
            case TomlTable:
                throw Fail(at, $"table [{name}] was already defined as an inline table at line {first}");
            case TomlArray { IsTableArray: true }:
                throw Fail(at, $"[{name}] is an array of tables (see line {first}); write [[{name}]] to add an element");
            default:
                throw Fail(at, $"key \"{name}\" was already set to {existing.Value.Describe} at line {first}; it cannot also be a table");
        }
    }

    /// <summary><c>[[a.b.c]]</c>: appends a new table to the array <c>c</c>, creating it on first use.</summary>
    TomlTable DefineArrayTable(TomlTable root, List<(string Key, TomlPosition At)> keys, TomlPosition at)
    {
        var parent = WalkHeaderParents(root, keys, at);
        var (key, keyAt) = keys[^1];
        var table = new TomlTable(at, TomlTableKind.Header);
        if (!parent.TryGet(key, out var existing))
        {
            var array = new TomlArray(at, isTableArray: true);
            array.Add(table);
            parent.Add(new TomlEntry(key, keyAt, array));
            return table;
        }
        if (existing.Value is TomlArray { IsTableArray: true } tables)
        {
            tables.Add(table);
            return table;
        }
        throw Fail(at, $"cannot add [[{FormatKey(keys)}]]: key \"{FormatKey(keys)}\" was already set to {existing.Value.Describe} at line {existing.Value.Position.Line}");
    }

    /// <summary>All but the last key of a header: missing tables are created implicitly; arrays of tables mean their last element.</summary>
    TomlTable WalkHeaderParents(TomlTable root, List<(string Key, TomlPosition At)> keys, TomlPosition at)
    {
        var table = root;
        for (var i = 0; i < keys.Count - 1; i++)
        {
            var key = keys[i].Key;
            if (!table.TryGet(key, out var entry))
            {
                var created = new TomlTable(at, TomlTableKind.Implicit);
                table.Add(new TomlEntry(key, keys[i].At, created));
                table = created;
                continue;
            }
            table = entry.Value switch
            {
                TomlTable { Kind: TomlTableKind.Inline } => throw Fail(at,
                    $"\"{FormatKey(keys[..(i + 1)])}\" is an inline table (line {entry.Value.Position.Line}); inline tables cannot be extended"),
                TomlTable t => t,
                TomlArray { IsTableArray: true } a => (TomlTable)a.Items[^1],
                _ => throw Fail(at,
                    $"\"{FormatKey(keys[..(i + 1)])}\" was set to {entry.Value.Describe} at line {entry.Value.Position.Line}; it cannot also be a table"),
            };
        }
        return table;
    }

    /// <summary>Puts a key/value into <paramref name="table"/>; parts before the last create or enter dotted tables.</summary>
    void Insert(TomlTable table, string tableName, List<(string Key, TomlPosition At)> keys, TomlValue value)
    {
        for (var i = 0; i < keys.Count - 1; i++)
        {
            var (key, at) = keys[i];
            if (!table.TryGet(key, out var entry))
            {
                var created = new TomlTable(at, TomlTableKind.Dotted);
                table.Add(new TomlEntry(key, at, created));
                table = created;
                continue;
            }
            if (entry.Value is TomlTable { Kind: TomlTableKind.Dotted } dotted)
            {
                table = dotted;
                continue;
            }
            var what = entry.Value is TomlTable t
                ? t.Kind == TomlTableKind.Inline ? "an inline table, which cannot be extended" : "a table with its own [header]; add the key there"
                : entry.Value.Describe;
            throw Fail(at, $"cannot set \"{FormatKey(keys)}\"{In(tableName)}: \"{FormatKey(keys[..(i + 1)])}\" is already {what} (line {entry.Value.Position.Line})");
        }
        var (last, lastAt) = keys[^1];
        if (table.TryGet(last, out var duplicate))
            throw Fail(lastAt, $"duplicate key \"{FormatKey(keys)}\"{In(tableName)} (first set at line {duplicate.KeyPosition.Line}); remove one of them");
        table.Add(new TomlEntry(last, lastAt, value));
    }

    static string In(string tableName) => tableName.Length == 0 ? "" : $" in [{tableName}]";

    /// <summary>Marks an inline table and the dotted tables inside it as sealed.</summary>
    static void Seal(TomlTable table)
    {
        table.Kind = TomlTableKind.Inline;
        foreach (var entry in table.Entries)
            if (entry.Value is TomlTable { Kind: TomlTableKind.Dotted } inner)
                Seal(inner);
    }

    static string FormatKey(List<(string Key, TomlPosition At)> keys) => TomlFormat.Key(keys.Select(k => k.Key));
}
