namespace Tandem.Config.Toml;

/// <summary>TOML 1.0 "Keys": bare keys (A-Za-z0-9_-), quoted keys, and dotted keys joining them.</summary>
public sealed partial class TomlParser
{
    List<(string Key, TomlPosition At)> ParseKey()
    {
        var keys = new List<(string, TomlPosition)>();
        while (true)
        {
            if (keys.Count == MaxKeyParts)
                throw Fail(Here, $"key has more than {MaxKeyParts} dotted parts");
            var at = Here;
            keys.Add((ParseSimpleKey(), at));
            SkipSpaces();
            if (Peek() != '.')
                return keys;
            pos++;
            SkipSpaces();
        }
    }

    string ParseSimpleKey()
    {
        var c = Peek();
        if (c == '"' && !Looking("\"\"\""))
            return ParseBasicString();
        if (c == '\'' && !Looking("'''"))
            return ParseLiteralString();
        if (c is '"' or '\'')
            throw Fail(Here, "a key cannot be a multi-line string");
        var start = pos;
        while (!AtEnd && TomlFormat.IsBareKeyChar(text[pos]))
            pos++;
        if (pos > start)
            return text[start..pos];
        throw Fail(Here, AtEnd || AtNewline || c is '=' or ']' or '.' or ','
            ? $"expected a key, found {ShowNext()}"
            : $"{Show(c)} cannot start a key; bare keys use only letters, digits, '_' and '-' (quote other keys: \"my key\")");
    }
}
