using Tandem.Config.Toml;

namespace Tandem.Config;

/// <summary>Getters for lists and sub-tables.</summary>
sealed partial class TableReader
{
    /// <summary>An array of strings (an absent key is an empty list); each element is type-checked.</summary>
    public IReadOnlyList<(string Value, TomlString At)> StringList(string key)
    {
        var array = Get<TomlArray>(key, "an array of strings such as [\"a\", \"b\"]");
        if (array is null)
            return [];
        var list = new List<(string, TomlString)>();
        foreach (var item in array.Items)
        {
            if (item is TomlString s)
                list.Add((s.Value, s));
            else
                Error(item, key, $"expected each element to be a string in quotes, found {item.Describe}");
        }
        return list;
    }

    /// <summary>A sub-table (<c>[path.key]</c> or an inline table), or null when absent or of another type.</summary>
    public TomlTable? SubTable(string key, string expected) => Get<TomlTable>(key, expected);

    /// <summary>A reader over a sub-table.</summary>
    public TableReader Child(TomlTable sub, string key) => new(diag, sub, KeyPath(key));
}
