using Tandem.Config.Toml;

namespace Tandem.Tests.Unit.Config;

public class TomlParserTests
{
    static TomlTable Parse(string text) => TomlParser.Parse(text, "t.toml");

    static TomlValue At(TomlTable root, params string[] path)
    {
        TomlValue v = root;
        foreach (var key in path)
        {
            Assert.True(((TomlTable)v).TryGet(key, out var e), $"missing key {key}");
            v = e.Value;
        }
        return v;
    }

    static string Str(TomlTable root, params string[] path) => Assert.IsType<TomlString>(At(root, path)).Value;

    [Fact]
    public void Tables_dotted_headers_and_quoted_keys()
    {
        var root = Parse("""
            top = 1
            [a.b.c]
            x = "abc"
            [nodes."db 1"]
            y = 'lit'
            [ spaced . "key" ]
            z = true
            """);
        Assert.Equal(1, Assert.IsType<TomlInteger>(At(root, "top")).Value);
        Assert.Equal("abc", Str(root, "a", "b", "c", "x"));
        Assert.Equal("lit", Str(root, "nodes", "db 1", "y"));
        Assert.True(Assert.IsType<TomlBoolean>(At(root, "spaced", "key", "z")).Value);
    }

    [Fact]
    public void Positions_are_line_and_column_of_keys_and_values()
    {
        var root = Parse("# comment\n\n[cluster]\n  keepalive =   \"500ms\"\n");
        var cluster = Assert.IsType<TomlTable>(At(root, "cluster"));
        Assert.Equal(new TomlPosition(3, 1), cluster.Position);
        Assert.True(cluster.TryGet("keepalive", out var e));
        Assert.Equal(new TomlPosition(4, 3), e.KeyPosition);
        Assert.Equal(new TomlPosition(4, 17), e.Value.Position);
    }

    [Fact]
    public void Dotted_keys_build_nested_tables_in_file_order()
    {
        var root = Parse("a.b.c = 1\na.b.d = 2\na.e = 3\n");
        var b = Assert.IsType<TomlTable>(At(root, "a", "b"));
        Assert.Equal(["c", "d"], b.Entries.Select(x => x.Key));
        Assert.Equal(3, Assert.IsType<TomlInteger>(At(root, "a", "e")).Value);
    }

    [Fact]
    public void Arrays_of_tables_append_and_subtables_go_to_the_last_element()
    {
        var root = Parse("""
            [[groups]]
            name = "one"
            [groups.extra]
            k = 1
            [[groups]]
            name = "two"
            """);
        var groups = Assert.IsType<TomlArray>(At(root, "groups"));
        Assert.True(groups.IsTableArray);
        Assert.Equal(2, groups.Items.Count);
        var first = Assert.IsType<TomlTable>(groups.Items[0]);
        Assert.Equal("one", Str(first, "name"));
        Assert.Equal(1, Assert.IsType<TomlInteger>(At(first, "extra", "k")).Value);
        Assert.Equal(5, groups.Items[1].Position.Line);
    }

    [Fact]
    public void Basic_string_escapes()
    {
        var root = Parse("""s = "tab\there \"q\" back\\slash \u00e9 \U0001F600 nl\n cr\r bs\b ff\f esc\e" """);
        Assert.Equal("tab\there \"q\" back\\slash \u00e9 \U0001F600 nl\n cr\r bs\b ff\f esc\u001b", Str(root, "s"));
    }

    [Fact]
    public void Literal_strings_keep_backslashes()
    {
        var root = Parse(@"p = 'C:\path\to' ");
        Assert.Equal(@"C:\path\to", Str(root, "p"));
    }

    [Fact]
    public void Multiline_strings()
    {
        var root = Parse("a = \"\"\"\nline1\nline2\"\"\"\nb = \"\"\"one \\\n    two\"\"\"\nc = '''\nraw \\n ''quoted'' '''\nd = \"\"\"x\"\"\"\"\"\ne = 1\n");
        Assert.Equal("line1\nline2", Str(root, "a"));
        Assert.Equal("one two", Str(root, "b"));
        Assert.Equal("raw \\n ''quoted'' ", Str(root, "c"));
        Assert.Equal("x\"\"", Str(root, "d"));
        Assert.Equal(9, At(root, "e").Position.Line);
    }

    [Fact]
    public void Crlf_line_endings_count_lines()
    {
        var root = Parse("a = 1\r\n\r\nb = \"x\"\r\n");
        Assert.Equal(3, At(root, "b").Position.Line);
    }

    [Theory]
    [InlineData("42", 42L)]
    [InlineData("+17", 17L)]
    [InlineData("-5", -5L)]
    [InlineData("0", 0L)]
    [InlineData("1_000_000", 1_000_000L)]
    [InlineData("0xDEAD_beef", 0xDEADBEEFL)]
    [InlineData("0o755", 493L)]
    [InlineData("0b1101", 13L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    public void Integers(string text, long expected) =>
        Assert.Equal(expected, Assert.IsType<TomlInteger>(At(Parse($"n = {text}"), "n")).Value);

    [Theory]
    [InlineData("1.5", 1.5)]
    [InlineData("-0.25", -0.25)]
    [InlineData("1e3", 1000.0)]
    [InlineData("6.02E+2", 602.0)]
    [InlineData("1_0.0_1", 10.01)]
    [InlineData("5e-1", 0.5)]
    [InlineData("inf", double.PositiveInfinity)]
    [InlineData("-inf", double.NegativeInfinity)]
    public void Floats(string text, double expected) =>
        Assert.Equal(expected, Assert.IsType<TomlFloat>(At(Parse($"f = {text}"), "f")).Value);

    [Fact]
    public void Nan_is_a_float() =>
        Assert.True(double.IsNaN(Assert.IsType<TomlFloat>(At(Parse("f = nan"), "f")).Value));

    [Fact]
    public void Arrays_span_lines_with_comments_and_trailing_comma()
    {
        var root = Parse("""
            a = [
              "x", # first
              # a comment line
              "y",
            ]
            empty = [ ]
            nested = [[1, 2], ["a"], []]
            mixed = [1, "two", { three = 3 }]
            """);
        var a = Assert.IsType<TomlArray>(At(root, "a"));
        Assert.Equal(["x", "y"], a.Items.Select(i => ((TomlString)i).Value));
        Assert.Equal(4, a.Items[1].Position.Line);
        Assert.Empty(Assert.IsType<TomlArray>(At(root, "empty")).Items);
        var nested = Assert.IsType<TomlArray>(At(root, "nested"));
        Assert.Equal(2, ((TomlArray)nested.Items[0]).Items.Count);
        Assert.IsType<TomlTable>(Assert.IsType<TomlArray>(At(root, "mixed")).Items[2]);
    }

    [Fact]
    public void Inline_tables_with_dotted_keys()
    {
        var root = Parse("""
            t = { a = 1, b.c = "x", b.d = [1], e = { f = true } }
            multi = {
              k = 1,  # comment
              l = 2,
            }
            """);
        Assert.Equal("x", Str(root, "t", "b", "c"));
        Assert.True(Assert.IsType<TomlBoolean>(At(root, "t", "e", "f")).Value);
        Assert.Equal(2, Assert.IsType<TomlInteger>(At(root, "multi", "l")).Value);
        Assert.Equal(TomlTableKind.Inline, Assert.IsType<TomlTable>(At(root, "t")).Kind);
        Assert.Empty(Assert.IsType<TomlTable>(At(Parse("e = {}"), "e")).Entries);
    }

    [Fact]
    public void Implicit_table_may_be_defined_once_later()
    {
        var root = Parse("[a.b]\nx = 1\n[a]\ny = 2\n");
        var a = Assert.IsType<TomlTable>(At(root, "a"));
        Assert.Equal(3, a.Position.Line);
        Assert.Equal(2, Assert.IsType<TomlInteger>(At(root, "a", "y")).Value);
    }

    [Fact]
    public void Subtables_may_be_added_under_dotted_tables()
    {
        var root = Parse("[fruit]\napple.color = \"red\"\n[fruit.apple.texture]\nsmooth = true\n");
        Assert.True(Assert.IsType<TomlBoolean>(At(root, "fruit", "apple", "texture", "smooth")).Value);
    }

    [Fact]
    public void Byte_order_mark_is_skipped_and_empty_documents_parse()
    {
        Assert.Equal(1, Assert.IsType<TomlInteger>(At(Parse("\uFEFFa = 1"), "a")).Value);
        Assert.Equal(0, Parse("").Count);
        Assert.Equal(0, Parse("# only a comment").Count);
        Assert.Equal(0, Parse("\n\n   \t\n").Count);
    }

    [Fact]
    public void Key_order_is_file_order()
    {
        var root = Parse("z = 1\na = 2\nm = 3\n");
        Assert.Equal(["z", "a", "m"], root.Entries.Select(e => e.Key));
    }
}
