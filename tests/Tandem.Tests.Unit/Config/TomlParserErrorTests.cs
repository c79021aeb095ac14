using Tandem.Config;
using Tandem.Config.Toml;

namespace Tandem.Tests.Unit.Config;

public class TomlParserErrorTests
{
    static ConfigError Fails(string text)
    {
        var e = Assert.Throws<ConfigException>(() => TomlParser.Parse(text, "/etc/tandem/tandem.toml"));
        return Assert.Single(e.Errors);
    }

    [Fact]
    public void Error_message_is_file_line_message()
    {
        var text = string.Concat(Enumerable.Repeat("# padding\n", 11)) + "keepalive \"500ms\"\n";
        var e = Assert.Throws<ConfigException>(() => TomlParser.Parse(text, "/etc/tandem/tandem.toml"));
        Assert.StartsWith("/etc/tandem/tandem.toml:12: expected '=' after key \"keepalive\"", e.Message);
        var error = Assert.Single(e.Errors);
        Assert.Equal((12, 11), (error.Line, error.Column));
        Assert.Equal("/etc/tandem/tandem.toml", error.File);
    }

    [Theory]
    // syntax
    [InlineData("a = 1\nb\n", 2, "expected '=' after key \"b\"")]
    [InlineData("a = 1\nb =\n", 2, "missing value")]
    [InlineData("a = 1\nb = # nothing\n", 2, "missing value")]
    [InlineData("a = 1 b = 2\n", 1, "expected the end of the line")]
    [InlineData("[a]]\n", 1, "expected the end of the line")]
    [InlineData("\n[a\nx = 1\n", 2, "expected ']'")]
    [InlineData("[[a]\n", 1, "expected ']]'")]
    [InlineData("[]\n", 1, "expected a key")]
    [InlineData("= 1\n", 1, "expected a key")]
    [InlineData("a b = 1\n", 1, "expected '=' after key \"a\"")]
    [InlineData("a.b. = 1\n", 1, "expected a key")]
    [InlineData("k\u00e9 = 1\n", 1, "expected '=' after key \"k\", found '\u00e9'")]
    [InlineData("\u00e9 = 1\n", 1, "cannot start a key")]
    [InlineData("x = C\n", 1, "strings need quotes: \"C\"")]
    [InlineData("x = True\n", 1, "booleans are written true or false")]
    [InlineData("x = 1\ry = 2\n", 1, "carriage return")]
    // strings
    [InlineData("a = 1\n\ns = \"abc\n", 3, "unterminated string")]
    [InlineData("s = 'abc\n", 1, "unterminated string")]
    [InlineData("s = \"abc", 1, "unterminated string")]
    [InlineData("a = 1\ns = \"\"\"abc\n\ndef\n", 2, "unterminated multi-line string")]
    [InlineData("s = '''abc", 1, "unterminated multi-line string")]
    [InlineData("s = \"a\\qb\"\n", 1, "unknown escape sequence \\q")]
    [InlineData("s = \"a\\u12\"\n", 1, "exactly 4 hexadecimal digits")]
    [InlineData("s = \"a\\uD800\"\n", 1, "not a Unicode scalar value")]
    [InlineData("s = \"a\\U00110000\"\n", 1, "not a Unicode scalar value")]
    [InlineData("s = \"a\u0001b\"\n", 1, "control character")]
    [InlineData("# bad \u0007 comment\n", 1, "control character")]
    [InlineData("s = \"\"\"a\"\"\"\"\"\"\n", 1, "too many")]
    [InlineData("\"\"\"k\"\"\" = 1\n", 1, "multi-line string")]
    // numbers
    [InlineData("n = 012\n", 1, "leading zeros")]
    [InlineData("n = 1__0\n", 1, "not a valid number")]
    [InlineData("n = _1\n", 1, "not a TOML value")]
    [InlineData("n = 1_\n", 1, "not a valid number")]
    [InlineData("n = 1.\n", 1, "not a valid number")]
    [InlineData("n = .5\n", 1, "not a TOML value")]
    [InlineData("n = 1e\n", 1, "not a valid number")]
    [InlineData("n = 1_e5\n", 1, "not a valid number")]
    [InlineData("n = 9223372036854775808\n", 1, "does not fit in a 64-bit integer")]
    [InlineData("n = 0xFFFFFFFFFFFFFFFFF\n", 1, "does not fit in a 64-bit integer")]
    [InlineData("n = 0b102\n", 1, "not a valid base-2 number")]
    [InlineData("n = -0x10\n", 1, "cannot have a sign")]
    [InlineData("n = 1e999\n", 1, "not a valid number")]
    [InlineData("n = 3s\n", 1, "strings need quotes: \"3s\"")]
    [InlineData("d = 1979-05-27\n", 1, "dates and times are not supported")]
    [InlineData("d = 07:32:00\n", 1, "dates and times are not supported")]
    // arrays and inline tables
    [InlineData("a = [1, 2\nb = 3\n", 2, "expected ',' or ']'")]
    [InlineData("a = [1,,2]\n", 1, "missing value")]
    [InlineData("a = [\n1,\n", 1, "unterminated array")]
    [InlineData("t = { a = 1 b = 2 }\n", 1, "expected ',' or '}'")]
    [InlineData("t = { a = 1,, }\n", 1, "expected a key, found ','")]
    [InlineData("t = { a = 1\n", 1, "unterminated inline table")]
    [InlineData("t = { a = 1, a = 2 }\n", 1, "duplicate key \"a\"")]
    public void Syntax_errors_name_the_line(string text, int line, string message)
    {
        var error = Fails(text);
        Assert.Equal(line, error.Line);
        Assert.Contains(message, error.Message);
        Assert.True(error.Column >= 1);
        Assert.StartsWith($"/etc/tandem/tandem.toml:{line}: ", error.ToString());
    }

    [Fact]
    public void Unterminated_string_points_at_its_opening_quote()
    {
        var error = Fails("[cluster]\nname = \"db\nkeepalive = \"1s\"\n");
        Assert.Equal((2, 8), (error.Line, error.Column));
    }
}
