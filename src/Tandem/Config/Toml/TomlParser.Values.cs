namespace Tandem.Config.Toml;

/// <summary>TOML 1.0 values: strings, numbers, booleans, arrays and inline tables.</summary>
public sealed partial class TomlParser
{
    TomlValue ParseValue(int depth)
    {
        var at = Here;
        var c = Peek();
        switch (c)
        {
            case '"':
                return Looking("\"\"\"") ? new TomlString(ParseMultilineString('"'), at) : new TomlString(ParseBasicString(), at);
            case '\'':
                return Looking("'''") ? new TomlString(ParseMultilineString('\''), at) : new TomlString(ParseLiteralString(), at);
            case '[':
                return ParseArray(depth + 1);
            case '{':
                return ParseInlineTable(depth + 1);
        }
        if (char.IsAsciiDigit(c) || c is '+' or '-')
            return ParseNumber();
        if (AtEnd || AtNewline || c is '#' or '\r' or ',' or ']' or '}')
            throw Fail(at, $"missing value: expected a value, found {ShowNext()}");
        var start = pos;
        while (!AtEnd && (TomlFormat.IsBareKeyChar(text[pos]) || text[pos] == '.'))
            pos++;
        var word = text[start..pos];
        switch (word)
        {
            case "true": return new TomlBoolean(true, at);
            case "false": return new TomlBoolean(false, at);
            case "inf": return new TomlFloat(double.PositiveInfinity, at);
            case "nan": return new TomlFloat(double.NaN, at);
        }
        if (word.Length == 0)
            throw Fail(at, $"expected a value, found {Show(c)}");
        throw Fail(at, word is "True" or "False" or "yes" or "no" or "on" or "off"
            ? $"\"{word}\" is not a TOML value; booleans are written true or false"
            : $"\"{word}\" is not a TOML value; strings need quotes: \"{word}\"");
    }

    TomlArray ParseArray(int depth)
    {
        var at = Here;
        CheckDepth(depth, at);
        pos++;
        var array = new TomlArray(at, isTableArray: false);
        while (true)
        {
            SkipTrivia();
            if (Peek() == ']')
            {
                pos++;
                return array;
            }
            if (AtEnd)
                throw Fail(at, "unterminated array: add the closing ']'");
            array.Add(ParseValue(depth));
            SkipTrivia();
            if (Peek() == ',')
            {
                pos++;
                continue;
            }
            if (Peek() == ']')
            {
                pos++;
                return array;
            }
            throw AtEnd
                ? Fail(at, "unterminated array: add the closing ']'")
                : Fail(Here, $"expected ',' or ']' after an array element, found {ShowNext()}");
        }
    }

    /// <summary><c>{ a = 1, b.c = 2 }</c>; may span lines and end with a comma (TOML 1.1), sealed once closed.</summary>
    TomlTable ParseInlineTable(int depth)
    {
        var at = Here;
        CheckDepth(depth, at);
        pos++;
        var table = new TomlTable(at, TomlTableKind.Inline);
        while (true)
        {
            SkipTrivia();
            if (Peek() == '}')
            {
                pos++;
                Seal(table);
                return table;
            }
            if (AtEnd)
                throw Fail(at, "unterminated inline table: add the closing '}'");
            ParseKeyValue(table, "", depth);
            SkipTrivia();
            if (Peek() == ',')
            {
                pos++;
                continue;
            }
            if (Peek() == '}')
                continue;
            throw AtEnd
                ? Fail(at, "unterminated inline table: add the closing '}'")
                : Fail(Here, $"expected ',' or '}}' after a key/value in an inline table, found {ShowNext()}");
        }
    }

    void CheckDepth(int depth, TomlPosition at)
    {
        if (depth > MaxDepth)
            throw Fail(at, $"arrays and inline tables are nested more than {MaxDepth} deep");
    }
}
