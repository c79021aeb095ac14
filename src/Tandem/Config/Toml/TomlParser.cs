using System.Globalization;

namespace Tandem.Config.Toml;

/// <summary>
/// A TOML 1.0 parser (https://toml.io/en/v1.0.0) that keeps the line and column of every key and value, so
/// config errors can name them. Deliberate differences: dates and times are refused (Tandem has no use for
/// them), and inline tables may span lines and end with a comma (as TOML 1.1 allows). The first syntax or
/// structure error ends the parse with a <see cref="ConfigException"/> holding one <see cref="ConfigError"/>.
/// </summary>
public sealed partial class TomlParser
{
    /// <summary>Longest text accepted; a config file is a few KiB.</summary>
    public const int MaxTextLength = 4 * 1024 * 1024;

    /// <summary>Deepest nesting of arrays and inline tables; bounds the recursion of the value parser.</summary>
    public const int MaxDepth = 32;

    /// <summary>Most parts of one dotted key or table header.</summary>
    public const int MaxKeyParts = 32;

    readonly string text;
    readonly string file;
    int pos;
    int line = 1;
    int lineStart;

    TomlParser(string text, string file)
    {
        this.text = text;
        this.file = file;
    }

    /// <summary>Parses a whole document; <paramref name="file"/> only names the source in errors.</summary>
    public static TomlTable Parse(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxTextLength)
            throw new ConfigException(new ConfigError(file, 0, 0, null,
                $"file is {text.Length} characters long; a config file may hold at most {MaxTextLength}"));
        var parser = new TomlParser(text, file);
        if (text.Length > 0 && text[0] == '\uFEFF')
            parser.pos = parser.lineStart = 1;
        return parser.ParseDocument();
    }

    TomlPosition Here => new(line, pos - lineStart + 1);

    bool AtEnd => pos >= text.Length;

    char Peek(int ahead = 0) => pos + ahead < text.Length ? text[pos + ahead] : '\0';

    bool Looking(string s) => string.CompareOrdinal(text, pos, s, 0, s.Length) == 0;

    /// <summary>Moves past one character, counting lines.</summary>
    void Advance()
    {
        if (text[pos] == '\n')
        {
            line++;
            lineStart = pos + 1;
        }
        pos++;
    }

    void SkipSpaces()
    {
        while (!AtEnd && (text[pos] == ' ' || text[pos] == '\t'))
            pos++;
    }

    bool AtNewline => !AtEnd && (text[pos] == '\n' || (text[pos] == '\r' && Peek(1) == '\n'));

    void ConsumeNewline()
    {
        if (text[pos] == '\r')
            pos++;
        Advance();
    }

    /// <summary>Skips a comment from '#' to the end of the line (the newline itself is left).</summary>
    void SkipComment()
    {
        pos++;
        while (!AtEnd && text[pos] != '\n')
        {
            if (text[pos] == '\r' && Peek(1) == '\n')
                return;
            if (IsForbiddenControl(text[pos]))
                throw Fail(Here, $"control character {Show(text[pos])} is not allowed in a comment");
            pos++;
        }
    }

    /// <summary>Skips blanks, newlines and comments (inside arrays and multi-line inline tables).</summary>
    void SkipTrivia()
    {
        while (!AtEnd)
        {
            SkipSpaces();
            if (AtNewline)
                ConsumeNewline();
            else if (Peek() == '#')
                SkipComment();
            else if (Peek() == '\r')
                throw Fail(Here, "a carriage return must be followed by a line feed");
            else
                return;
        }
    }

    /// <summary>After a statement only blanks and a comment may follow on the same line.</summary>
    void ExpectEndOfLine(string after)
    {
        SkipSpaces();
        if (Peek() == '#')
            SkipComment();
        if (AtEnd)
            return;
        if (AtNewline)
        {
            ConsumeNewline();
            return;
        }
        if (Peek() == '\r')
            throw Fail(Here, "a carriage return must be followed by a line feed");
        throw Fail(Here, $"expected the end of the line after {after}, found {ShowNext()}; put each key or table on its own line");
    }

    static bool IsForbiddenControl(char c) => (c < 0x20 && c != '\t') || c == 0x7F;

    ConfigException Fail(TomlPosition at, string message) =>
        new(new ConfigError(file, at.Line, at.Column, null, message));

    string ShowNext() => AtEnd ? "the end of the file" : AtNewline ? "the end of the line" : Show(Peek());

    static string Show(char c) => c switch
    {
        '\n' => "the end of the line",
        _ when char.IsControl(c) || char.IsSurrogate(c) => $"U+{(int)c:X4}",
        _ => string.Create(CultureInfo.InvariantCulture, $"'{c}'"),
    };
}
