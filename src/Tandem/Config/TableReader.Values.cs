using Tandem.Config.Toml;

namespace Tandem.Config;

/// <summary>Typed getters: strings, paths, booleans, durations, sizes and choices.</summary>
sealed partial class TableReader
{
    const string AString = "a string in quotes";

    /// <summary>A string that must be present and non-empty; "" after reporting when it is not.</summary>
    public string RequiredString(string key, string hint)
    {
        var value = Get<TomlString>(key, AString);
        if (value is null)
        {
            if (!table.TryGet(key, out _))
                Missing(key, hint);
            return "";
        }
        if (value.Value.Trim().Length == 0)
            Error(value, key, $"must not be empty; {hint}");
        return value.Value;
    }

    /// <summary>An absolute path, or <paramref name="fallback"/> when absent (reported as missing if <paramref name="requiredHint"/> is given).</summary>
    public string AbsolutePath(string key, string fallback, string? requiredHint = null)
    {
        var value = Get<TomlString>(key, "an absolute path in quotes");
        if (value is null)
        {
            if (requiredHint is not null && !table.TryGet(key, out _))
                Missing(key, requiredHint);
            return fallback;
        }
        CheckPath(value, key);
        return value.Value;
    }

    public void CheckPath(TomlString value, string key)
    {
        if (!value.Value.StartsWith('/'))
            Error(value, key, $"\"{value.Value}\" is not an absolute path; paths must start with '/'");
        else if (value.Value.Contains('\0'))
            Error(value, key, "a path cannot contain a NUL character");
    }

    public bool Bool(string key, bool fallback) => Get<TomlBoolean>(key, "true or false")?.Value ?? fallback;

    /// <summary>A positive duration string (see <see cref="Config.Duration"/>).</summary>
    public TimeSpan Duration(string key, TimeSpan fallback)
    {
        var entry = Entry(key);
        if (entry is null)
            return fallback;
        if (entry.Value is TomlInteger n)
        {
            Error(n, key, $"durations are strings with a unit; write \"{n.Value}s\" for seconds or \"{n.Value}ms\" for milliseconds");
            return fallback;
        }
        if (entry.Value is not TomlString s)
        {
            Error(entry.Value, key, $"expected a duration such as \"3s\", found {entry.Value.Describe}");
            return fallback;
        }
        if (!Config.Duration.TryParse(s.Value, out var d, out var error))
        {
            Error(s, key, error);
            return fallback;
        }
        if (d <= TimeSpan.Zero)
        {
            Error(s, key, $"must be longer than 0 (the default is \"{Config.Duration.Format(fallback)}\")");
            return fallback;
        }
        return d;
    }

    /// <summary>
    /// A size in bytes (see <see cref="ByteSize"/>): an integer or a string; <paramref name="nullWord"/> (such as
    /// "auto" or "unlimited") means null.
    /// </summary>
    public long? Size(string key, long? fallback, string nullWord)
    {
        var entry = Entry(key);
        if (entry is null)
            return fallback;
        switch (entry.Value)
        {
            case TomlInteger { Value: >= 0 } n:
                return n.Value;
            case TomlInteger n:
                Error(n, key, "a size cannot be negative");
                return fallback;
            case TomlString s when s.Value == nullWord:
                return null;
            case TomlString s when ByteSize.TryParse(s.Value, out var bytes, out var error):
                return bytes;
            case TomlString s:
                ByteSize.TryParse(s.Value, out _, out var message);
                Error(s, key, $"{message} (or \"{nullWord}\")");
                return fallback;
            default:
                Error(entry.Value, key, $"expected a size such as \"30GiB\" or \"{nullWord}\", found {entry.Value.Describe}");
                return fallback;
        }
    }

    /// <summary>One of the spellings in <paramref name="names"/>.</summary>
    public T Choice<T>(string key, T fallback, IReadOnlyList<(string Name, T Value)> names)
    {
        var value = Get<TomlString>(key, AString);
        if (value is null)
            return fallback;
        foreach (var (name, v) in names)
            if (name == value.Value)
                return v;
        var options = names.Select(n => $"\"{n.Name}\"").ToList();
        var list = options.Count == 1 ? options[0] : $"{string.Join(", ", options[..^1])} or {options[^1]}";
        Error(value, key, $"\"{value.Value}\" is not valid here; use {list}{DidYouMean.Hint(value.Value, names.Select(n => n.Name))}");
        return fallback;
    }
}
