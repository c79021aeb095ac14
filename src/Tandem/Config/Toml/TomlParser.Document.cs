namespace Tandem.Config.Toml;

public sealed partial class TomlParser
{
    TomlTable ParseDocument()
    {
        var root = new TomlTable(new TomlPosition(1, 1), TomlTableKind.Root);
        var current = root;
        var currentName = "";
        while (true)
        {
            SkipSpaces();
            if (AtEnd)
                return root;
            var c = Peek();
            if (AtNewline)
            {
                ConsumeNewline();
                continue;
            }
            if (c == '#')
            {
                SkipComment();
                continue;
            }
            if (c == '\r')
                throw Fail(Here, "a carriage return must be followed by a line feed");
            if (c == '[')
            {
                var isArray = Peek(1) == '[';
                var at = Here;
                var keys = ParseHeader(isArray);
                currentName = FormatKey(keys);
                current = isArray ? DefineArrayTable(root, keys, at) : DefineTable(root, keys, at);
                ExpectEndOfLine(isArray ? $"[[{currentName}]]" : $"[{currentName}]");
                continue;
            }
            ParseKeyValue(current, currentName, depth: 0);
            ExpectEndOfLine("the value");
        }
    }

    /// <summary><c>[a.b]</c> or <c>[[a.b]]</c>; the cursor is on the first '['.</summary>
    List<(string Key, TomlPosition At)> ParseHeader(bool isArray)
    {
        pos += isArray ? 2 : 1;
        SkipSpaces();
        var keys = ParseKey();
        SkipSpaces();
        var close = isArray ? "]]" : "]";
        if (!Looking(close))
            throw Fail(Here, $"expected '{close}' to close the table header [{(isArray ? "[" : "")}{FormatKey(keys)}, found {ShowNext()}");
        pos += close.Length;
        return keys;
    }

    /// <summary><c>key = value</c> into <paramref name="table"/>; dotted keys create (or extend) dotted tables.</summary>
    void ParseKeyValue(TomlTable table, string tableName, int depth)
    {
        var keys = ParseKey();
        SkipSpaces();
        if (Peek() != '=')
            throw Fail(Here, $"expected '=' after key \"{FormatKey(keys)}\", found {ShowNext()}");
        pos++;
        SkipSpaces();
        var value = ParseValue(depth);
        Insert(table, tableName, keys, value);
    }
}
