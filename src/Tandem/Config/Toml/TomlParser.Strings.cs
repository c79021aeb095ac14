using System.Globalization;
using System.Text;

namespace Tandem.Config.Toml;

/// <summary>TOML 1.0 "String": basic, literal, multi-line basic and multi-line literal strings.</summary>
public sealed partial class TomlParser
{
    /// <summary><c>"..."</c> with escapes; one line only.</summary>
    string ParseBasicString()
    {
        var start = Here;
        pos++;
        var sb = new StringBuilder();
        while (true)
        {
            if (AtEnd || AtNewline || Peek() == '\r')
                throw Fail(start, "unterminated string: add the closing '\"' before the end of the line (or use \"\"\" for a multi-line string)");
            var c = text[pos];
            if (c == '"')
            {
                pos++;
                return sb.ToString();
            }
            if (c == '\\')
                AppendEscape(sb);
            else
            {
                CheckStringChar(c);
                sb.Append(c);
                pos++;
            }
        }
    }

    /// <summary><c>'...'</c> taken verbatim; one line only.</summary>
    string ParseLiteralString()
    {
        var start = Here;
        pos++;
        var from = pos;
        while (true)
        {
            if (AtEnd || AtNewline || Peek() == '\r')
                throw Fail(start, "unterminated string: add the closing \"'\" before the end of the line (or use ''' for a multi-line string)");
            var c = text[pos];
            if (c == '\'')
            {
                pos++;
                return text[from..(pos - 1)];
            }
            CheckStringChar(c);
            pos++;
        }
    }

    /// <summary><c>"""..."""</c> or <c>'''...'''</c>; a newline right after the opening quotes is dropped.</summary>
    string ParseMultilineString(char quote)
    {
        var start = Here;
        var delimiter = new string(quote, 3);
        pos += 3;
        if (AtNewline)
            ConsumeNewline();
        var sb = new StringBuilder();
        while (true)
        {
            if (AtEnd)
                throw Fail(start, $"unterminated multi-line string: add the closing {delimiter}");
            var c = text[pos];
            if (c == quote && Looking(delimiter))
            {
                var run = 0;
                while (Peek(run) == quote)
                    run++;
                if (run > 5)
                    throw Fail(Here, $"too many {quote} characters at the end of a multi-line string; escape them");
                sb.Append(quote, run - 3);
                pos += run;
                return sb.ToString();
            }
            if (AtNewline)
            {
                sb.Append('\n');
                ConsumeNewline();
            }
            else if (c == '\\' && quote == '"')
            {
                if (IsLineEndingBackslash())
                    SkipWhitespaceAndNewlines();
                else
                    AppendEscape(sb);
            }
            else
            {
                CheckStringChar(c);
                sb.Append(c);
                pos++;
            }
        }
    }

    /// <summary>A '\' followed only by blanks up to the end of the line trims the following whitespace.</summary>
    bool IsLineEndingBackslash()
    {
        var i = pos + 1;
        while (i < text.Length && (text[i] == ' ' || text[i] == '\t'))
            i++;
        return i < text.Length && (text[i] == '\n' || (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n'));
    }

    void SkipWhitespaceAndNewlines()
    {
        pos++;
        while (!AtEnd)
        {
            if (Peek() is ' ' or '\t')
                pos++;
            else if (AtNewline)
                ConsumeNewline();
            else
                return;
        }
    }

    void CheckStringChar(char c)
    {
        if (IsForbiddenControl(c))
            throw Fail(Here, $"control character {Show(c)} is not allowed in a string; write it as an escape such as \\u{(int)c:X4}");
    }

    void AppendEscape(StringBuilder sb)
    {
        var at = Here;
        pos++;
        var c = Peek();
        pos++;
        switch (c)
        {
            case 'b': sb.Append('\b'); return;
            case 't': sb.Append('\t'); return;
            case 'n': sb.Append('\n'); return;
            case 'f': sb.Append('\f'); return;
            case 'r': sb.Append('\r'); return;
            case 'e': sb.Append('\u001B'); return;
            case '"': sb.Append('"'); return;
            case '\\': sb.Append('\\'); return;
            case 'u': AppendCodePoint(sb, at, 4); return;
            case 'U': AppendCodePoint(sb, at, 8); return;
        }
        pos--;
        throw Fail(at, $"unknown escape sequence \\{(AtEnd || AtNewline ? "" : c)}; use \\\\ for a backslash (or a 'literal string' for paths)");
    }

    void AppendCodePoint(StringBuilder sb, TomlPosition at, int digits)
    {
        if (pos + digits > text.Length
            || !int.TryParse(text.AsSpan(pos, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
            || text.AsSpan(pos, digits).ContainsAnyExcept("0123456789abcdefABCDEF"))
            throw Fail(at, $"escape \\{(digits == 4 ? 'u' : 'U')} needs exactly {digits} hexadecimal digits");
        if (code < 0 || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
            throw Fail(at, $"escape names U+{code:X}, which is not a Unicode scalar value");
        pos += digits;
        sb.Append(char.ConvertFromUtf32(code));
    }
}
